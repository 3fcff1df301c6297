package io.tastestream.core.recommend;

import java.util.List;

/**
 * The untrained ranker: a fixed weighted sum of co-listen evidence, tag match and a little popularity (to break
 * ties toward artists more people know). Used until a trained model is deployed, and as the trained model's
 * baseline in evaluation.
 */
public final class LinearRanker implements Ranker {
    static final double CO_LISTEN_WEIGHT = 1.0;
    static final double TAG_WEIGHT = 0.6;
    static final double POPULARITY_WEIGHT = 0.05;
    static final FeatureSchema SCHEMA = new FeatureSchema("linear-v1",
            List.of(Features.COLISTEN, Features.TAG_MATCH, Features.POPULARITY));
    private static final double[] WEIGHTS = {CO_LISTEN_WEIGHT, TAG_WEIGHT, POPULARITY_WEIGHT};
    /** The version of the built-in blend, when no artifact names it. */
    public static final String DEFAULT_VERSION = "linear-v1";
    private final String version;
    private final FeatureSchema schema;
    private final double[] weights;

    public LinearRanker() {
        this(DEFAULT_VERSION);
    }

    /**
     * A weighted sum over any features serving computes, with weights {@code train} fitted on training data (a
     * blend that reads EASE features ranks core's wide pool, see {@link CandidateGenerators#forRanker}).
     */
    public LinearRanker(String version, FeatureSchema schema, double[] weights) {
        if (weights.length != schema.size()) {
            throw new IllegalArgumentException("linear blend " + version + ": " + weights.length + " weights for "
                    + schema.size() + " features");
        }
        this.version = version;
        this.schema = schema;
        this.weights = weights.clone();
    }

    /** Whether this is the built-in blend (its features and weights), under whatever version. */
    public boolean isBuiltIn() {
        return schema.equals(SCHEMA) && java.util.Arrays.equals(weights, WEIGHTS);
    }

    public double[] weights() {
        return weights.clone();
    }

    /**
     * The same blend under an artifact's version: {@code train} writes one when its XGBoost model did not beat the
     * blend on its validation users, so serving can say which trained artifact it runs.
     */
    public LinearRanker(String version) {
        this(version, SCHEMA, WEIGHTS);
    }

    @Override
    public FeatureSchema schema() {
        return schema;
    }

    @Override
    public double[] score(double[][] features) {
        double[][] c = contributions(features);
        double[] values = new double[features.length];
        for (int i = 0; i < features.length; i++) {
            for (double v : c[i]) {
                values[i] += v;
            }
        }
        return values;
    }

    @Override
    public double[][] contributions(double[][] features) {
        double[][] contributions = new double[features.length][weights.length + 1];
        for (int i = 0; i < features.length; i++) {
            for (int j = 0; j < weights.length; j++) {
                contributions[i][j] = weights[j] * features[i][j];
            }
        }
        return contributions;
    }

    @Override
    public String version() {
        return version;
    }
}
