package io.tastestream.ingest.synthetic;

import io.tastestream.core.event.WeightedTag;
import java.util.List;

/**
 * An invented artist.
 *
 * @param genre      its major tag (weight 100 in {@link #tags()})
 * @param tags       2-4 tags, genre first
 * @param popularity Zipf weight 1/rank: how likely listeners pick it among artists of its genre
 * @param tracks     its invented track names
 */
public record SyntheticArtist(int id, String name, String genre, List<WeightedTag> tags, int popularityRank,
                              double popularity, List<String> tracks) {}
