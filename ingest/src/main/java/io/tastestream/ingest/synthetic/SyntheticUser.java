package io.tastestream.ingest.synthetic;

import java.time.Instant;
import java.util.Map;

/**
 * An invented listener whose taste drifts: before {@code driftAt} they pick genres from {@code earlyGenres},
 * afterwards from {@code lateGenres}, where a genre they did not listen to before ({@code driftGenre}) dominates.
 *
 * @param id          numeric id used in the HetRec files (userID column)
 * @param userId      the id used in plays.tsv and on the plays topic, "synthetic-07"
 * @param earlyGenres favourite genres (1-3) with their share of genre picks, before the drift
 * @param lateGenres  the same after the drift
 */
public record SyntheticUser(int id, String userId, Map<String, Double> earlyGenres, String driftGenre,
                            Map<String, Double> lateGenres, Instant driftAt) {}
