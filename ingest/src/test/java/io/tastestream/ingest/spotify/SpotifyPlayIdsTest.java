package io.tastestream.ingest.spotify;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.dedup.CrossSourcePlayMatcher;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SpotifyPlayIdsTest {
    static final String URI = "spotify:track:4uLU6hMCjMI75M1A2tKUQC";

    @Test
    void theEndTimeCountsToTheSecondSoPollerAndExportAgree() {
        String polled = SpotifyPlayIds.of("alice", URI, Instant.parse("2024-03-01T18:22:05.987Z"));
        String exported = SpotifyPlayIds.of("alice", URI, Instant.parse("2024-03-01T18:22:05Z"));
        assertThat(polled).isEqualTo(exported).startsWith("spotify:").hasSize("spotify:".length() + 24)
                .startsWith(CrossSourcePlayMatcher.TRACK_ID_PREFIX); // how the taste job tells them from name-based ids
    }

    @Test
    void anotherSecondTrackOrUserIsAnotherPlay() {
        Instant t = Instant.parse("2024-03-01T18:22:05Z");
        String id = SpotifyPlayIds.of("alice", URI, t);
        assertThat(SpotifyPlayIds.of("alice", URI, t.plusSeconds(1))).isNotEqualTo(id);
        assertThat(SpotifyPlayIds.of("alice", "spotify:track:other", t)).isNotEqualTo(id);
        assertThat(SpotifyPlayIds.of("bob", URI, t)).isNotEqualTo(id);
    }

    @Test
    void ordinalZeroIsThePlayIdAndRepeatsDiffer() {
        Instant t = Instant.parse("2024-03-01T18:22:05Z");
        String basis = SpotifyPlayIds.basis("alice", URI, t);
        assertThat(SpotifyPlayIds.id(SpotifyPlayIds.sha256(), basis, 0)).isEqualTo(SpotifyPlayIds.of("alice", URI, t));
        assertThat(SpotifyPlayIds.id(SpotifyPlayIds.sha256(), basis, 1)).isNotEqualTo(SpotifyPlayIds.of("alice", URI, t));
    }
}
