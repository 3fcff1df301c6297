package io.tastestream.ingest.dataset;

import java.time.Instant;

/**
 * A row of a Last.fm-1K play file ({@code plays.tsv}): userid, timestamp, artist MBID, artist name, track MBID,
 * track name. MBIDs are often empty in the real data, and so may the track name be; items are keyed by names.
 */
public record PlayRow(String userId, Instant playedAt, String artistMbid, String artist, String trackMbid,
                      String track) {}
