package io.tastestream.ingest.synthetic;

import java.time.Instant;

/** One generated play: a row of plays.tsv. */
public record SyntheticPlay(int userIndex, int artistId, String track, Instant playedAt) {}
