package io.tastestream.core.ranker;

import io.tastestream.core.recommend.FeatureSchema;
import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.recommend.Ranker;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * A trained XGBoost learning-to-rank model behind core's {@link Ranker}. Scores are the model's margins, and the
 * per-feature contributions are XGBoost's own SHAP values ({@code predictContrib}): one per feature plus the bias,
 * adding up to the margin, so the explanation says what this model actually weighed.
 *
 * <p>A model may be boosted from a linear blend ({@link #base()}): its trees then learn corrections to the blend's
 * score, which XGBoost takes as each row's base margin, so the margin is blend + trees. Its contributions are the
 * trees' SHAP values plus the blend's own per-feature terms (weight × value), still adding up to the margin.
 */
public final class XgboostRanker implements Ranker {
    private final Booster booster;
    private final FeatureSchema schema;
    private final String version;
    /** Trees to use: the best iteration found by early stopping, + 1. */
    private final int treeLimit;
    /** The blend the trees were boosted from, or null; its features' columns in {@link #schema}. */
    private final LinearRanker base;
    private final int[] baseColumns;

    public XgboostRanker(Booster booster, FeatureSchema schema, String version, int treeLimit) {
        this(booster, schema, version, treeLimit, null);
    }

    /**
     * A model whose trees were boosted from {@code base}'s score (null: from nothing); every feature the blend
     * reads must be in {@code schema}.
     */
    public XgboostRanker(Booster booster, FeatureSchema schema, String version, int treeLimit, LinearRanker base) {
        this.booster = booster;
        this.schema = schema;
        this.version = version;
        this.treeLimit = treeLimit;
        this.base = base;
        this.baseColumns = base == null ? null : schema.columnsOf(base.schema());
    }

    /** The blend this model was boosted from, or null. */
    public LinearRanker base() {
        return base;
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
        if (base != null) {
            // XGBoost puts the base margin (the blend's score as a float) into the bias; the blend's terms go to
            // the features they weigh instead. The score is the sum of the terms, as LinearRanker adds them.
            double[][] blend = base.contributions(FeatureSchema.select(baseColumns, features));
            for (int i = 0; i < out.length; i++) {
                int bias = out[i].length - 1;
                double margin = 0;
                for (double term : blend[i]) {
                    margin += term;
                }
                out[i][bias] -= (float) margin;
                for (int j = 0; j < baseColumns.length; j++) {
                    out[i][baseColumns[j]] += blend[i][j];
                }
                out[i][bias] += blend[i][blend[i].length - 1];
            }
        }
        return out;
    }

    /**
     * {@code base}'s score of each row of {@code features} (in {@code schema}), as the base margins XGBoost reads:
     * what training sets on its matrices and this ranker on every matrix it scores.
     */
    public static float[] baseMargins(LinearRanker base, FeatureSchema schema, double[][] features) {
        return baseMargins(base, schema.columnsOf(base.schema()), features);
    }

    private static float[] baseMargins(LinearRanker base, int[] columns, double[][] features) {
        double[] scores = base.score(FeatureSchema.select(columns, features));
        float[] out = new float[scores.length];
        for (int i = 0; i < out.length; i++) {
            out[i] = (float) scores[i];
        }
        return out;
    }

    private float[][] predict(double[][] features, boolean contributions) {
        try {
            DMatrix m = matrix(features, schema.size());
            try {
                if (base != null) {
                    m.setBaseMargin(baseMargins(base, baseColumns, features));
                }
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
