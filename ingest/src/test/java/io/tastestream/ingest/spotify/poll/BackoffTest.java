package io.tastestream.ingest.spotify.poll;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class BackoffTest {
    @Test
    void backoffDoublesWithJitterUpToTheCap() {
        Duration initial = Duration.ofSeconds(1);
        Duration max = Duration.ofSeconds(60);
        for (int failures = 1; failures <= 12; failures++) {
            long cap = Math.min(60_000, 1000L << (failures - 1));
            java.util.Set<Long> seen = new java.util.HashSet<>();
            for (int i = 0; i < 50; i++) {
                long ms = SpotifyPoller.backoff(failures, initial, max).toMillis();
                assertThat(ms).isBetween(cap / 2, cap);
                seen.add(ms);
            }
            // jitter: retries of many users do not line up
            assertThat(seen).hasSizeGreaterThan(10);
        }
    }
}
