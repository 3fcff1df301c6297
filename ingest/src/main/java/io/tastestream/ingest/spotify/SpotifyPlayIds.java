package io.tastestream.ingest.spotify;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * The playId of a Spotify play that has a track URI, the same whichever way the play reached us: the poller
 * ({@code played_at}, millisecond precision) and the extended streaming-history export ({@code ts}, second
 * precision) both stamp the play when it <em>ended</em>, so
 *
 * <pre>playId = "spotify:" + hex(SHA-256("spotify-track" US userId US trackUri US endEpochSecond))[0..24]</pre>
 *
 * (US = U+001F; the end time truncated to the whole second, which is what the export writes). The taste job drops
 * a play whose playId it has seen, so a play both polled and imported counts once. Names are not part of it:
 * Spotify renames tracks and artists (remasters, transliterations) but the URI stays.
 *
 * <p>Plays without a URI (account-data exports, with minute precision and no URI; the rare extended row without
 * one) keep {@code PlayEvent.derivePlayId}'s scheme with their own source; those cannot be matched by id.
 */
public final class SpotifyPlayIds {
    /** Prefix of every playId of this scheme; also the Spotify poller's source name. */
    public static final String PREFIX = "spotify";
    private static final HexFormat HEX = HexFormat.of();

    private SpotifyPlayIds() {
    }

    /** The id basis (also the key under which an importer counts repeats of one play, see {@link #id}). */
    public static String basis(String userId, String trackUri, Instant endedAt) {
        return "spotify-track\u001f" + userId + '\u001f' + trackUri + '\u001f' + endedAt.getEpochSecond();
    }

    /** The playId of one play. */
    public static String of(String userId, String trackUri, Instant endedAt) {
        return id(sha256(), basis(userId, trackUri, endedAt), 0);
    }

    /**
     * The id for a basis; {@code ordinal} > 0 names the n-th repeat of the same basis within one export file (the
     * same track ending twice in one second: only ever garbage rows, but they must not collapse silently).
     */
    public static String id(MessageDigest sha256, String basis, int ordinal) {
        String full = ordinal == 0 ? basis : basis + "\u001f" + ordinal;
        byte[] digest = sha256.digest(full.getBytes(StandardCharsets.UTF_8));
        return PREFIX + ":" + HEX.formatHex(digest, 0, 12);
    }

    public static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }
}
