package io.tastestream.core.event;

import io.tastestream.core.serde.JsonCodec;
import java.time.Instant;

/**
 * A like, skip, ban or unban of an artist or track. Topic {@code feedback}, keyed by user id.
 *
 * @param at     event time
 * @param source web, cli, spotify-history, manual...
 */
public record FeedbackEvent(int schemaVersion, String userId, FeedbackType type, ItemRef item, Instant at,
                            String source) {

    public static final int CURRENT_VERSION = 1;
    public static final JsonCodec<FeedbackEvent> SERDE = JsonCodec.of(FeedbackEvent.class);

    public FeedbackEvent {
        schemaVersion = Check.schemaVersion(schemaVersion, CURRENT_VERSION, "FeedbackEvent");
        Check.notBlank(userId, "userId");
        Check.notNull(type, "type");
        Check.notNull(item, "item");
        Check.notNull(at, "at");
        if (source == null || source.isBlank()) {
            source = "manual";
        }
    }

    public static FeedbackEvent of(String userId, FeedbackType type, ItemRef item, Instant at, String source) {
        return new FeedbackEvent(CURRENT_VERSION, userId, type, item, at, source);
    }
}
