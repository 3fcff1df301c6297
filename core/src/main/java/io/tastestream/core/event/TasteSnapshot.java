package io.tastestream.core.event;

import io.tastestream.core.serde.JsonCodec;
import java.time.Instant;
import java.util.List;

/**
 * A user's taste as of an event time, emitted by the taste job on every change. Topic {@code taste}, keyed by user id.
 *
 * @param asOf           event time the weights are decayed to (the latest event applied)
 * @param halfLifeHours  the half-life used, so readers can decay further themselves
 * @param topTags        heaviest tags first, decayed to {@code asOf}
 * @param topArtists     heaviest artists first, decayed to {@code asOf}
 * @param recentPlays    newest first
 * @param liked          artist or track keys ({@link ItemRef#key()}) the user liked
 * @param skipped        keys the user skipped recently
 * @param banned         keys the user banned (until unbanned)
 * @param eventsApplied  distinct events folded into this taste so far
 */
public record TasteSnapshot(
        int schemaVersion,
        String userId,
        Instant asOf,
        double halfLifeHours,
        List<Weighted> topTags,
        List<Weighted> topArtists,
        List<RecentPlay> recentPlays,
        List<String> liked,
        List<String> skipped,
        List<String> banned,
        Trigger trigger,
        long eventsApplied) {

    public static final int CURRENT_VERSION = 1;
    public static final JsonCodec<TasteSnapshot> SERDE = JsonCodec.of(TasteSnapshot.class);

    public TasteSnapshot {
        schemaVersion = Check.schemaVersion(schemaVersion, CURRENT_VERSION, "TasteSnapshot");
        Check.notBlank(userId, "userId");
        Check.notNull(asOf, "asOf");
        if (!(halfLifeHours > 0)) {
            throw new IllegalArgumentException("field 'halfLifeHours': must be positive, was " + halfLifeHours);
        }
        topTags = Check.list(topTags);
        topArtists = Check.list(topArtists);
        recentPlays = Check.list(recentPlays);
        liked = Check.list(liked);
        skipped = Check.list(skipped);
        banned = Check.list(banned);
    }
}
