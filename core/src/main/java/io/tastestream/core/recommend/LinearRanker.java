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

    public LinearRanker() {
        this(DEFAULT_VERSION);
    }

    /**
     * The same blend under an artifact's version: {@code train} writes one when its XGBoost model did not beat the
     * blend on its validation users, so serving can say which trained artifact it runs.
     */
    public LinearRanker(String version) {
        this.version = version;
    }

    @Override
    public FeatureSchema schema() {
        return SCHEMA;
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
        double[][] contributions = new double[features.length][WEIGHTS.length + 1];
        for (int i = 0; i < features.length; i++) {
            for (int j = 0; j < WEIGHTS.length; j++) {
                contributions[i][j] = WEIGHTS[j] * features[i][j];
            }
        }
        return contributions;
    }

    @Override
    public String version() {
        return version;
    }
}
