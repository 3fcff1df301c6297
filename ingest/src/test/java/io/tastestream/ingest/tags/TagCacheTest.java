package io.tastestream.ingest.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.WeightedTag;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TagCacheTest {

    @TempDir
    Path dir;

    private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void entriesSurviveAReopenAndExpireAfterTheTtl() {
        ItemRef track = new ItemRef("Mogwai", "Auto Rock");
        CachedTags entry = new CachedTags(track, "lastfm", true, List.of(new WeightedTag("post-rock", 100)), T, false);
        try (TagCache cache = TagCache.open(dir, Duration.ofDays(30))) {
            cache.put(entry);
        }
        try (TagCache cache = TagCache.open(dir, Duration.ofDays(30))) {
            assertThat(cache.get("lastfm", new ItemRef("MOGWAI ", "auto  rock"), T.plus(Duration.ofDays(30))))
                    .contains(entry);
            assertThat(cache.get("lastfm", track, T.plus(Duration.ofDays(31)))).isEmpty();
            assertThat(cache.getAnyAge("lastfm", track)).contains(entry);
            assertThat(cache.get("spotify-genres", track, T)).isEmpty();
            assertThat(cache.get("lastfm", ItemRef.artist("Mogwai"), T)).isEmpty();
        }
    }

    @Test
    void aSecondProcessOnTheSameCacheGetsAClearMessage() {
        try (TagCache first = TagCache.open(dir, Duration.ofDays(1))) {
            assertThatThrownBy(() -> TagCache.open(dir, Duration.ofDays(1)))
                    .hasMessageContaining("cannot open the tag cache").hasMessageContaining("another 'tastestream tags'");
        }
    }
}
