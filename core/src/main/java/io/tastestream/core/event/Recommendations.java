package io.tastestream.core.event;

import io.tastestream.core.serde.JsonCodec;
import java.time.Instant;
import java.util.List;

/**
 * The latest ranked, explained recommendations for a user. Topic {@code recommendations}, keyed by user id.
 *
 * @param generatedAt  wall-clock time they were made
 * @param basedOn      event time of the taste they were made from
 * @param trigger      the play, like or skip that refreshed them
 * @param modelVersion which catalog/model version ranked them
 */
public record Recommendations(
        int schemaVersion,
        String userId,
        Instant generatedAt,
        Instant basedOn,
        Trigger trigger,
        String modelVersion,
        List<RecommendedItem> items) {

    public static final int CURRENT_VERSION = 1;
    public static final JsonCodec<Recommendations> SERDE = JsonCodec.of(Recommendations.class);

    public Recommendations {
        schemaVersion = Check.schemaVersion(schemaVersion, CURRENT_VERSION, "Recommendations");
        Check.notBlank(userId, "userId");
        Check.notNull(generatedAt, "generatedAt");
        Check.notNull(basedOn, "basedOn");
        Check.notBlank(modelVersion, "modelVersion");
        items = Check.list(items);
    }
}
