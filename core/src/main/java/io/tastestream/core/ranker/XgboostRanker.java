package io.tastestream.core.ranker;

import io.tastestream.core.recommend.FeatureSchema;
import io.tastestream.core.recommend.Ranker;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained XGBoost learning-to-rank model behind core's {@link Ranker}. Scores are the model's margins, and the
 * per-feature contributions are XGBoost's own SHAP values ({@code predictContrib}): one per feature plus the bias,
 * adding up to the margin, so the explanation says what this model actually weighed.
 */
public final class XgboostRanker implements Ranker {
    private final Booster booster;
    private final FeatureSchema schema;
    private final String version;
    /** Trees to use: the best iteration found by early stopping, + 1. */
    private final int treeLimit;

    public XgboostRanker(Booster booster, FeatureSchema schema, String version, int treeLimit) {
        this.booster = booster;
        this.schema = schema;
        this.version = version;
        this.treeLimit = treeLimit;
    }

    @Override
    public FeatureSchema schema() {
        return schema;
    }

    @Override
    public String version() {
        return version;
    }

    public int treeLimit() {
        return treeLimit;
    }

    public Booster booster() {
        return booster;
    }

    /** The model's margins (no sigmoid or other transform): what it ranks by, and what contributions add up to. */
    @Override
    public double[] score(double[][] features) {
        float[][] p = predict(features, false);
        double[] out = new double[p.length];
        for (int i = 0; i < p.length; i++) {
            out[i] = p[i][0];
        }
        return out;
    }

    @Override
    public double[][] contributions(double[][] features) {
        float[][] p = predict(features, true);
        double[][] out = new double[p.length][];
        for (int i = 0; i < p.length; i++) {
            out[i] = new double[p[i].length];
            for (int j = 0; j < p[i].length; j++) {
                out[i][j] = p[i][j];
            }
        }
        return out;
    }

    private float[][] predict(double[][] features, boolean contributions) {
        try {
            DMatrix m = matrix(features, schema.size());
            try {
                // one native booster: calls are serialised, as xgboost4j does not promise thread safety
                synchronized (booster) {
                    return contributions ? booster.predictContrib(m, treeLimit) : booster.predict(m, true, treeLimit);
                }
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost ranker " + version + " failed to score: " + e.getMessage(), e);
        }
    }

    /** Rows as one dense matrix for XGBoost (NaN would mean missing; our features are never missing). */
    public static DMatrix matrix(double[][] rows, int columns) throws XGBoostError {
        float[] flat = new float[rows.length * columns];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns) {
                throw new IllegalArgumentException("feature row " + i + " has " + rows[i].length
                        + " values, the schema " + columns);
            }
            for (int j = 0; j < columns; j++) {
                flat[i * columns + j] = (float) rows[i][j];
            }
        }
        return new DMatrix(flat, rows.length, columns, Float.NaN);
    }
}
