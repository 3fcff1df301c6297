package io.tastestream.core.event;

import io.tastestream.core.serde.JsonCodec;
import java.time.Instant;
import java.util.List;

/**
 * The tags of an artist or track, as one source knows them now (the latest event per item replaces earlier ones).
 * Topic {@code item-tags}, keyed by {@link ItemRef#key()}, compacted.
 */
public record ItemTagsEvent(int schemaVersion, ItemRef item, List<WeightedTag> tags, String source, Instant at) {

    public static final int CURRENT_VERSION = 1;
    public static final JsonCodec<ItemTagsEvent> SERDE = JsonCodec.of(ItemTagsEvent.class);

    public ItemTagsEvent {
        schemaVersion = Check.schemaVersion(schemaVersion, CURRENT_VERSION, "ItemTagsEvent");
        Check.notNull(item, "item");
        tags = Check.list(tags);
        Check.notNull(at, "at");
        if (source == null || source.isBlank()) {
            source = "manual";
        }
    }

    public static ItemTagsEvent of(ItemRef item, List<WeightedTag> tags, String source, Instant at) {
        return new ItemTagsEvent(CURRENT_VERSION, item, tags, source, at);
    }
}
