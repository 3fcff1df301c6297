package io.tastestream.core.recommend;

/**
 * Scores candidates from their feature vectors. The default is {@link LinearRanker}; a trained model (model-trainer's
 * XGBoost ranker) implements the same interface. Besides the scores, a ranker says how much each feature contributed
 * to each score, which the explanation turns into words. Must be thread-safe.
 */
public interface Ranker {

    /** The features the ranker reads, in the order of the rows passed to {@link #score}. */
    FeatureSchema schema();

    /** Which model this is, recorded on every recommendation it ranks. */
    String version();

    /** Scores rows of features in {@link #schema()} order, one score per row; higher is better. */
    double[] score(double[][] features);

    /**
     * Per row, {@code schema().size() + 1} contributions: one per feature, then a bias, adding up to the row's
     * {@link #score}. Asked only for the rows that are shown (contributions can cost far more than scores).
     */
    double[][] contributions(double[][] features);
}
