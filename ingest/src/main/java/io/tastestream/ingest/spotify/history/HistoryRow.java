package io.tastestream.ingest.spotify.history;

import java.time.Instant;

/**
 * One music play read from a Spotify export, either format.
 *
 * @param index          0-based position of the record in its file (for messages)
 * @param endedAt        when the play ended: extended {@code ts} (second precision) or account-data {@code endTime}
 *                       (minute precision)
 * @param skipped        the export's {@code skipped} flag; null when the export does not say (account-data format,
 *                       older extended exports)
 * @param trackUri       {@code spotify_track_uri}, null in the account-data format
 */
public record HistoryRow(int index, Instant endedAt, String artist, String track, String album, long msPlayed,
                         Boolean skipped, String trackUri) {
}
