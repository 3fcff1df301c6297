package io.tastestream.ingest.spotify.poll;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Micrometer meters of the Spotify poller, per user (tag {@code user}); with a Prometheus registry they read as
 * {@code tastestream_spotify_plays_ingested_total{user="alice"}} and so on:
 * <ul>
 *   <li>{@code tastestream.spotify.last.success} (gauge, Unix seconds of the last successful poll, 0 = never)</li>
 *   <li>{@code tastestream.spotify.plays.ingested} (counter, plays acknowledged by Kafka)</li>
 *   <li>{@code tastestream.spotify.errors} (counter, tag {@code kind}: throttled, server, timeout, malformed,
 *       kafka, auth)</li>
 *   <li>{@code tastestream.spotify.throttled} (counter, seconds waited because of 429 Retry-After)</li>
 *   <li>{@code tastestream.spotify.needs.relogin} (gauge, 1 while the user must log in again)</li>
 *   <li>{@code tastestream.spotify.possible.gaps} (counter, polls where plays may have been lost)</li>
 * </ul>
 */
public final class PollerMetrics {
    private final MeterRegistry registry;
    private final Map<String, UserMeters> users = new ConcurrentHashMap<>();

    public PollerMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public MeterRegistry registry() {
        return registry;
    }

    public UserMeters user(String user) {
        return users.computeIfAbsent(user, u -> new UserMeters(registry, u));
    }

    /** The meters of one user. */
    public static final class UserMeters {
        private final MeterRegistry registry;
        private final String user;
        private final AtomicLong lastSuccess = new AtomicLong();
        private final AtomicLong needsRelogin = new AtomicLong();
        private final Counter plays;
        private final Counter throttledSeconds;
        private final Counter gaps;

        UserMeters(MeterRegistry registry, String user) {
            this.registry = registry;
            this.user = user;
            Gauge.builder("tastestream.spotify.last.success", lastSuccess, AtomicLong::get).tag("user", user)
                    .description("Unix time of the last successful poll (0: never)").baseUnit("seconds")
                    .register(registry);
            Gauge.builder("tastestream.spotify.needs.relogin", needsRelogin, AtomicLong::get).tag("user", user)
                    .description("1 while Spotify refuses the user's refresh token").register(registry);
            plays = Counter.builder("tastestream.spotify.plays.ingested").tag("user", user)
                    .description("plays acknowledged by Kafka").register(registry);
            throttledSeconds = Counter.builder("tastestream.spotify.throttled").tag("user", user).baseUnit("seconds")
                    .description("time waited because Spotify answered 429").register(registry);
            gaps = Counter.builder("tastestream.spotify.possible.gaps").tag("user", user)
                    .description("polls after which plays may have been lost (more than 50 since the last)")
                    .register(registry);
        }

        public void success(Instant at, int ingested) {
            lastSuccess.set(at.getEpochSecond());
            plays.increment(ingested);
            needsRelogin.set(0);
        }

        public void error(String kind) {
            Counter.builder("tastestream.spotify.errors").tag("user", user).tag("kind", kind)
                    .description("failed polls by kind").register(registry).increment();
        }

        public void throttled(Duration waited) {
            throttledSeconds.increment(waited.toMillis() / 1000.0);
        }

        public void needsRelogin(boolean needed) {
            needsRelogin.set(needed ? 1 : 0);
        }

        public void possibleGap() {
            gaps.increment();
        }

        public double playsIngested() {
            return plays.count();
        }

        public boolean needsRelogin() {
            return needsRelogin.get() == 1;
        }

        public long lastSuccessEpochSecond() {
            return lastSuccess.get();
        }

        public double throttledSeconds() {
            return throttledSeconds.count();
        }

        public double errors(String kind) {
            Counter c = registry.find("tastestream.spotify.errors").tag("user", user).tag("kind", kind).counter();
            return c == null ? 0 : c.count();
        }
    }
}
