package io.tastestream.ingest.spotify.history;

import io.tastestream.core.event.Names;
import io.tastestream.ingest.spotify.SpotifyPlayIds;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;

/**
 * Deterministic ids for imported plays and skips. The basis is the one of {@code PlayEvent.derivePlayId} (source,
 * user, artist, track, second the play ended) plus an <em>ordinal</em>: the n-th record with that basis in its file.
 * The account-data format has minute precision, so two real plays of one track ending in the same minute have the
 * same basis; the ordinal keeps them two plays, while the same file imported again yields the same ids (and the
 * ledger skips them). Ordinal 0 gives exactly {@code PlayEvent.derivePlayId}, so a single play's id is the usual one.
 */
final class HistoryIds {
    private static final HexFormat HEX = HexFormat.of();
    private final MessageDigest sha256;

    HistoryIds() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /**
     * Names.key per distinct name, remembered: an export names the same few thousand artists and tracks over and
     * over, and normalising (NFKC, regex) is the costliest step per row.
     */
    private final java.util.Map<String, String> keys = new java.util.HashMap<>();

    /** The basis (without ordinal); also the key under which ordinals are counted. */
    String basis(String source, String userId, String artist, String track, Instant endedAt) {
        return source + '\u001f' + userId + '\u001f' + key(artist) + '\u001f' + key(track) + '\u001f'
                + endedAt.getEpochSecond();
    }

    private String key(String name) {
        String k = keys.get(name);
        if (k == null) {
            k = Names.key(name);
            if (keys.size() < 1_000_000) {
                keys.put(name, k);
            }
        }
        return k;
    }

    /** The id of a play with a track URI: {@link SpotifyPlayIds}, the poller's scheme. */
    String uriId(String basis, int ordinal) {
        return SpotifyPlayIds.id(sha256, basis, ordinal);
    }

    String id(String source, String basis, int ordinal) {
        String full = ordinal == 0 ? basis : basis + "\u001f" + ordinal;
        byte[] digest = sha256.digest(full.getBytes(StandardCharsets.UTF_8));
        return source + ":" + HEX.formatHex(digest, 0, 12);
    }
}
