package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;

/**
 * Scores candidates. The default is {@link LinearRanker}; the trained XGBoost ranker replaces it when an artifact is
 * present. A ranker also says how much each signal contributed, which the explanation turns into words.
 */
public interface Ranker {

    /** The score of a candidate; higher is better. */
    double score(Candidate candidate, Catalog catalog);

    /** Contribution of each signal to {@link #score}: keys are {@link Signal}s. */
    java.util.Map<Signal, Double> contributions(Candidate candidate, Catalog catalog);

    String version();

    enum Signal { CO_LISTEN, TAGS, POPULARITY }
}
