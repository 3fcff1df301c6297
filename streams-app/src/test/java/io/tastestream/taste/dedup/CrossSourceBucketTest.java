package io.tastestream.taste.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The stored form of the cross-source index; the matching itself is tested through the job in CrossSourceDedupTest. */
class CrossSourceBucketTest {
    private static final Instant MINUTE = Instant.parse("2024-05-01T12:04:00Z");
    private static final List<WeightedTag> TAGS = List.of(new WeightedTag("post-rock", 1));

    @Test
    void namesOnlySpotifyRecordsKeepTheirTagsAndBucketsOfTheFormatBeforeLeaveThemOut() {
        PlayEvent exported = PlayEvent.of("alice", "Mogwai", "Auto Rock", null, MINUTE, 240_000, "spotify-history");
        PlayEvent scrobble = PlayEvent.of("alice", "Mogwai", "Helicon 1", null, MINUTE, 0, "lastfm");
        CrossSourceBucket bucket = CrossSourceBucket.empty();
        bucket.add(exported, TAGS, 0);
        bucket.add(scrobble, TAGS, 0);
        byte[] stored = CrossSourceBucket.encode(bucket.entries());

        List<CrossSourceBucket.Entry> read = CrossSourceBucket.decode(stored, "alice", 0, Duration.ofDays(30));
        assertThat(read).extracting(CrossSourceBucket.Entry::play).containsExactly(exported, scrobble);
        assertThat(read).allSatisfy(e -> assertThat(e.tags()).isEqualTo(TAGS));

        // format 1 stored no tags for Spotify records: such a record could not be taken back exactly, so it stays
        // counted as it was and pairs with nothing
        byte[] olderFormat = stored.clone();
        olderFormat[0] = 1;
        assertThat(CrossSourceBucket.decode(olderFormat, "alice", 0, Duration.ofDays(30)))
                .extracting(CrossSourceBucket.Entry::play).containsExactly(scrobble);
    }
}
