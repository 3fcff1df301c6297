package io.tastestream.ingest.lastfm;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.TimeUnit;

/**
 * Paces every Last.fm call of a process: {@link #acquire()} blocks until the call may start and returns a permit
 * the caller closes when the answer is in.
 *
 * <p>Two rules, both needed for "at most N requests in any second" as Last.fm counts them (by arrival):
 * <ul>
 *   <li>a token bucket with a burst of 1 spaces starts at least 1/rate apart (a larger burst would allow
 *       {@code burst + rate} calls in some second);</li>
 *   <li>a call may start only one second after the call N before it has <em>completed</em>. Arrival at Last.fm lies
 *       between a call's start and its completion, so this holds by Last.fm's clock whatever the network jitter;
 *       spacing by start times alone does not (a slow first call arrives late, and the next five on time).</li>
 * </ul>
 */
public final class TokenBucket {
    private static final long WINDOW_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final double tokensPerNano;
    private final double capacity;
    private final int perWindow;
    private final Deque<Permit> recent = new ArrayDeque<>();
    private double tokens;
    private long refilledAt;

    public TokenBucket(double ratePerSecond, int burst) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, was " + ratePerSecond + ", " + burst);
        }
        this.tokensPerNano = ratePerSecond / WINDOW_NANOS;
        this.capacity = burst;
        this.perWindow = Math.max(1, (int) Math.floor(ratePerSecond)) + burst - 1;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /** At most {@code requestsPerSecond} arrivals at Last.fm in any one-second window. */
    public static TokenBucket forLastfm(double requestsPerSecond) {
        return new TokenBucket(requestsPerSecond, 1);
    }

    /** A started call; {@link #close()} when its answer (or failure) is in. */
    public final class Permit implements AutoCloseable {
        private long completedAt = -1;

        @Override
        public void close() {
            synchronized (TokenBucket.this) {
                if (completedAt < 0) {
                    completedAt = System.nanoTime();
                    TokenBucket.this.notifyAll();
                }
            }
        }
    }

    /** Blocks until a call may start under both rules. */
    public Permit acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            while (recent.size() >= perWindow) {
                Permit oldest = recent.peekFirst();
                if (oldest.completedAt < 0) {
                    wait(50);
                    continue;
                }
                long due = oldest.completedAt + WINDOW_NANOS - System.nanoTime();
                if (due <= 0) {
                    recent.removeFirst();
                } else {
                    TimeUnit.NANOSECONDS.timedWait(this, due);
                }
            }
            refill();
            // reserve now and sleep outside the lock; tokens may go negative, which queues later callers behind us
            tokens -= 1;
            wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
        Permit permit = new Permit();
        synchronized (this) {
            recent.addLast(permit);
        }
        return permit;
    }

    /** Empties the bucket, e.g. after a "rate limit exceeded" answer, so the next call waits a full interval. */
    public synchronized void drain() {
        refill();
        tokens = Math.min(tokens, 0);
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
    }
}
