package io.tastestream.core.event;

import io.tastestream.core.serde.JsonCodec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * One play of a track by a user. Topic {@code plays}, keyed by user id.
 *
 * @param playId     deterministic id (see {@link #derivePlayId}); derived when absent so hand-written plays are fine
 * @param playedAt   event time: when the play ended (Spotify's {@code played_at}) or was scrobbled
 * @param msPlayed   how long it played; 0 when the source does not say (counted as a full play)
 * @param source     who saw it: spotify, spotify-history, lastfm, synthetic, hetrec, manual
 */
public record PlayEvent(
        int schemaVersion,
        String playId,
        String userId,
        String artist,
        String track,
        String album,
        Instant playedAt,
        long msPlayed,
        String source) {

    public static final int CURRENT_VERSION = 1;
    public static final JsonCodec<PlayEvent> SERDE = JsonCodec.of(PlayEvent.class);

    public PlayEvent {
        schemaVersion = Check.schemaVersion(schemaVersion, CURRENT_VERSION, "PlayEvent");
        Check.notBlank(userId, "userId");
        Check.notBlank(artist, "artist");
        Check.notBlank(track, "track");
        Check.notNull(playedAt, "playedAt");
        if (msPlayed < 0) {
            throw new IllegalArgumentException("field 'msPlayed': must not be negative, was " + msPlayed);
        }
        if (source == null || source.isBlank()) {
            source = "manual";
        }
        if (playId == null || playId.isBlank()) {
            playId = derivePlayId(source, userId, artist, track, playedAt);
        }
    }

    public static PlayEvent of(String userId, String artist, String track, String album, Instant playedAt,
                               long msPlayed, String source) {
        return new PlayEvent(CURRENT_VERSION, null, userId, artist, track, album, playedAt, msPlayed, source);
    }

    /**
     * Same source, user, track and played-at second give the same id, so a play that is polled twice or replayed
     * is recognisably the same play.
     */
    public static String derivePlayId(String source, String userId, String artist, String track, Instant playedAt) {
        String basis = String.join("\u001f", source, userId, Names.key(artist), Names.key(track),
                Long.toString(playedAt.getEpochSecond()));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return source + ":" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    public ItemRef item() {
        return new ItemRef(artist, track);
    }

    public ItemRef artistItem() {
        return ItemRef.artist(artist);
    }
}
