package io.tastestream.trainer.ranker;

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

    @Override
    public Scores score(double[][] features) {
        float[][] contrib;
        try {
            DMatrix m = matrix(features, schema.size());
            try {
                // one native booster: calls are serialised, as xgboost4j does not promise thread safety
                synchronized (booster) {
                    contrib = booster.predictContrib(m, treeLimit);
                }
            } finally {
                m.dispose();
            }
        } catch (XGBoostError e) {
            throw new IllegalStateException("XGBoost ranker " + version + " failed to score: " + e.getMessage(), e);
        }
        double[] values = new double[features.length];
        double[][] contributions = new double[features.length][];
        for (int i = 0; i < features.length; i++) {
            contributions[i] = new double[contrib[i].length];
            for (int j = 0; j < contrib[i].length; j++) {
                contributions[i][j] = contrib[i][j];
                values[i] += contrib[i][j];
            }
        }
        return new Scores(values, contributions);
    }

    /** The model's margins straight from XGBoost, to check that contributions add up to them. */
    public double[] margins(double[][] features) throws XGBoostError {
        DMatrix m = matrix(features, schema.size());
        try {
            float[][] p;
            synchronized (booster) {
                p = booster.predict(m, true, treeLimit);
            }
            double[] out = new double[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = p[i][0];
            }
            return out;
        } finally {
            m.dispose();
        }
    }

    static DMatrix matrix(double[][] rows, int columns) throws XGBoostError {
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
