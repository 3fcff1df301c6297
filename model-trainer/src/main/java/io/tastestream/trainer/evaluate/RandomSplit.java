package io.tastestream.trainer.evaluate;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The {@code random} protocol's test membership, fixed so that other tools can reproduce it byte for byte:
 * (u, a) is a test pair iff the first 8 bytes of SHA-256("u:a"), read as an unsigned big-endian integer, are 0 mod 5.
 * In Python: {@code int.from_bytes(sha256(f"{u}:{a}".encode())[:8], "big") % 5 == 0}.
 */
public final class RandomSplit {
    /** Users with fewer listening rows keep them all for training. */
    public static final int MIN_ROWS = 5;
    public static final int MODULUS = 5;

    private RandomSplit() {}

    public static boolean isTestPair(int userId, int artistId) {
        byte[] digest = sha256((userId + ":" + artistId).getBytes(StandardCharsets.UTF_8));
        long prefix = 0;
        for (int i = 0; i < 8; i++) {
            prefix = (prefix << 8) | (digest[i] & 0xFF);
        }
        // unsigned: a prefix with the top bit set is a negative long, but its value mod 5 is what matters
        return Long.remainderUnsigned(prefix, MODULUS) == 0;
    }

    private static byte[] sha256(byte[] bytes) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(bytes);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
