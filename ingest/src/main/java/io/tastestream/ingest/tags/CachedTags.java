package io.tastestream.ingest.tags;

import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.WeightedTag;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * What one source said about an item's tags, and when.
 *
 * @param found     false when the source does not know the item (Last.fm error 6): remembered too, so a restart
 *                  does not ask again
 * @param published true once the item-tags record built from it was acknowledged by Kafka; a restart publishes
 *                  entries still false without asking the source again
 */
public record CachedTags(ItemRef item, String source, boolean found, List<WeightedTag> tags, Instant fetchedAt,
                         boolean published) {

    public CachedTags {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public boolean isFresh(Instant now, Duration ttl) {
        return !fetchedAt.plus(ttl).isBefore(now);
    }

    public CachedTags asPublished() {
        return new CachedTags(item, source, found, tags, fetchedAt, true);
    }
}
