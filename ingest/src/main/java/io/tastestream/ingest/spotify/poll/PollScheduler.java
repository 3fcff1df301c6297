package io.tastestream.ingest.spotify.poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs {@link SpotifyPoller#pollOnce} for many users on a few threads, each user on its own schedule: every poll
 * interval after a success; after a failure (5xx, timeout, malformed answer, Kafka) an exponential back-off with
 * jitter, so many users failing together do not retry in lockstep; after a 429 every user waits for the
 * {@code Retry-After} (Spotify's rate limit is per app, not per user); a user who must log in again is checked once
 * per interval for a new login and otherwise left alone while the others go on.
 */
public final class PollScheduler implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PollScheduler.class);

    /**
     * @param interval        between two polls of one user
     * @param initialBackoff  first retry delay after a failure, doubling up to {@code maxBackoff}
     */
    public record Timing(Duration interval, Duration initialBackoff, Duration maxBackoff) {
        public static Timing of(Duration interval) {
            return new Timing(interval, Duration.ofSeconds(1), Duration.ofMinutes(5).compareTo(interval) > 0
                    ? Duration.ofMinutes(5) : interval);
        }
    }

    private final SpotifyPoller poller;
    private final Timing timing;
    private final Clock clock;
    private final ScheduledExecutorService executor;
    private final AtomicReference<Instant> pausedUntil = new AtomicReference<>(Instant.EPOCH);
    private final Map<String, Integer> failures = new ConcurrentHashMap<>();
    private volatile boolean stopped;

    public PollScheduler(SpotifyPoller poller, Timing timing, Clock clock, int threads) {
        this.poller = poller;
        this.timing = timing;
        this.clock = clock;
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(threads, r -> {
            Thread t = new Thread(r, "spotify-poll");
            t.setDaemon(true);
            return t;
        });
        // on close, polls not yet due are dropped rather than waited for: stopping takes one poll, not an interval
        pool.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
        pool.setContinueExistingPeriodicTasksAfterShutdownPolicy(false);
        this.executor = pool;
    }

    /** Starts polling these users, spread over the first interval so they do not all ask at once. */
    public void start(List<String> users) {
        for (int i = 0; i < users.size(); i++) {
            long offset = users.size() <= 1 ? 0 : timing.interval().toMillis() * i / users.size();
            String user = users.get(i);
            executor.schedule(() -> pollAndReschedule(user), offset, TimeUnit.MILLISECONDS);
        }
    }

    private void pollAndReschedule(String user) {
        if (stopped) {
            return;
        }
        Instant now = clock.instant();
        Instant pause = pausedUntil.get();
        if (now.isBefore(pause)) {
            Duration wait = Duration.between(now, pause);
            poller.metrics().user(user).throttled(wait);
            schedule(user, wait);
            return;
        }
        Duration next;
        try {
            PollOutcome outcome = poller.pollOnce(user);
            next = switch (outcome.status()) {
                case INGESTED -> {
                    failures.remove(user);
                    yield timing.interval();
                }
                case THROTTLED -> {
                    Instant until = clock.instant().plus(outcome.retryAfter());
                    pausedUntil.accumulateAndGet(until, (a, b) -> a.isAfter(b) ? a : b);
                    poller.metrics().user(user).throttled(outcome.retryAfter());
                    log.warn("Spotify asks to wait {} s (429); all users pause", outcome.retryAfter().toSeconds());
                    yield outcome.retryAfter();
                }
                case FAILED -> SpotifyPoller.backoff(failures.merge(user, 1, Integer::sum), timing.initialBackoff(),
                        timing.maxBackoff());
                case NEEDS_LOGIN -> timing.interval();
            };
        } catch (RuntimeException e) {
            // a bug must not end this user's polling for good
            log.error("Spotify user '{}': unexpected error while polling", user, e);
            next = SpotifyPoller.backoff(failures.merge(user, 1, Integer::sum), timing.initialBackoff(),
                    timing.maxBackoff());
        }
        schedule(user, next);
    }

    private void schedule(String user, Duration delay) {
        if (!stopped) {
            executor.schedule(() -> pollAndReschedule(user), Math.max(1, delay.toMillis()), TimeUnit.MILLISECONDS);
        }
    }

    /** Stops scheduling and waits for running polls to finish (a poll never leaves half a batch unrecorded). */
    @Override
    public void close() {
        stopped = true;
        executor.shutdown();
        try {
            if (!executor.awaitTermination(60, TimeUnit.SECONDS)) {
                executor.shutdownNow();
            }
        } catch (InterruptedException e) {
            executor.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
