package io.tastestream.ingest.common;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

/**
 * {@link PlayEvent#derivePlayId}, the same ids, for bulk sources that derive hundreds of thousands of them: the
 * name keys ({@code Names.key}: NFKC and a regex, the costliest part) are remembered per distinct name, and the
 * digest is reused. Half of a replay's CPU went into deriving ids before. Not thread-safe: one instance per
 * thread or per sequence (not a ThreadLocal: its look-up alone cost a tenth of a replay's CPU).
 */
public final class PlayIds {
    private static final HexFormat HEX = HexFormat.of();
    private static final int MAX_REMEMBERED = 1_000_000;

    private final MessageDigest sha256;
    private final Map<String, String> keys = new HashMap<>();

    public PlayIds() {
        try {
            sha256 = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** Equal to {@code PlayEvent.derivePlayId(source, userId, artist, track, playedAt)}. */
    public String derive(String source, String userId, String artist, String track, Instant playedAt) {
        return id(source, basis(source, userId, artist, track, playedAt));
    }

    /** The basis {@code derivePlayId} hashes: source, user, artist key, track key, epoch second. */
    public String basis(String source, String userId, String artist, String track, Instant playedAt) {
        return source + '\u001f' + userId + '\u001f' + key(artist) + '\u001f' + key(track) + '\u001f'
                + playedAt.getEpochSecond();
    }

    /** {@code source + ":"} and the first 12 bytes of SHA-256 of the basis, in hex. */
    public String id(String source, String basis) {
        byte[] digest = sha256.digest(basis.getBytes(StandardCharsets.UTF_8));
        return source + ":" + HEX.formatHex(digest, 0, 12);
    }

    /** {@code Names.key}, remembered. */
    public String key(String name) {
        String k = keys.get(name);
        if (k == null) {
            k = Names.key(name);
            if (keys.size() < MAX_REMEMBERED) {
                keys.put(name, k);
            }
        }
        return k;
    }
}
