package io.tastestream.ingest.spotify.history;

import io.tastestream.ingest.common.PlayIds;
import io.tastestream.ingest.spotify.SpotifyPlayIds;
import java.security.MessageDigest;
import java.time.Instant;

/**
 * Deterministic ids for imported plays and skips, plus an <em>ordinal</em>: the n-th record with the same basis in
 * its file, so two records that would get one id stay two while the same file imported again yields the same ids
 * (and the ledger skips them). Ordinal 0 gives exactly the scheme's id.
 * <ul>
 *   <li>plays with a track URI (extended exports): {@link SpotifyPlayIds}, the poller's ids for the same plays;</li>
 *   <li>plays without one (account-data exports: minute precision, so two plays of one track in one minute are
 *       common) and skips: {@code PlayEvent.derivePlayId}'s basis (source, user, artist, track, second).</li>
 * </ul>
 * Not thread-safe.
 */
final class HistoryIds {
    private final PlayIds playIds = new PlayIds();
    private final MessageDigest sha256 = SpotifyPlayIds.sha256();

    /** The name-based basis (without ordinal); also the key under which ordinals are counted. */
    String basis(String source, String userId, String artist, String track, Instant endedAt) {
        return playIds.basis(source, userId, artist, track, endedAt);
    }

    String id(String source, String basis, int ordinal) {
        return playIds.id(source, ordinal == 0 ? basis : basis + "\u001f" + ordinal);
    }

    /** The id of a play with a track URI: {@link SpotifyPlayIds}, the poller's scheme. */
    String uriId(String basis, int ordinal) {
        return SpotifyPlayIds.id(sha256, basis, ordinal);
    }
}
