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

    /**
     * Scores rows of features in {@link #schema()} order.
     *
     * @return one score per row (higher is better) and, per row, {@code schema().size() + 1} contributions: one per
     * feature, then a bias; they add up to the score
     */
    Scores score(double[][] features);

    record Scores(double[] values, double[][] contributions) {}
}
