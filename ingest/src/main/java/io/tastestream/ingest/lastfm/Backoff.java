package io.tastestream.ingest.lastfm;

import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;

/** Exponential backoff with jitter, so many clients that failed together do not retry together. */
public record Backoff(Duration base, Duration max) {

    public static Backoff standard() {
        return new Backoff(Duration.ofSeconds(1), Duration.ofMinutes(1));
    }

    /** The wait before retry number {@code attempt} (1 = first retry): base·2^(attempt−1), capped, ±25 %. */
    public Duration delay(int attempt) {
        long baseMs = Math.max(1, base.toMillis());
        long ms = Math.min(max.toMillis(), baseMs << Math.min(20, Math.max(0, attempt - 1)));
        double jitter = 0.75 + ThreadLocalRandom.current().nextDouble() * 0.5;
        return Duration.ofMillis(Math.max(1, (long) (ms * jitter)));
    }

    public void sleep(int attempt) throws InterruptedException {
        Thread.sleep(delay(attempt).toMillis());
    }
}
