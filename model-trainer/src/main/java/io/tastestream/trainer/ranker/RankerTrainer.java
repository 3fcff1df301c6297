package io.tastestream.trainer.ranker;

import io.tastestream.core.ranker.RankerArtifact;
import io.tastestream.core.ranker.XgboostRanker;
import io.tastestream.core.recommend.FeatureSchema;
import io.tastestream.core.recommend.Features;
import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.recommend.Ranker;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TastestreamModel;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.DMatrix;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Trains the XGBoost re-ranker on a split's training data: {@link InnerSplit} holds labels out of it, a
 * {@link TastestreamModel} with the wide generators builds each labelled user's candidates from the rest (catalog,
 * taste, item-kNN, friends: all without the labels), and XGBoost learns {@code rank:ndcg} with one query group per
 * user. One in {@link #VALIDATION_MODULUS} users (salted hash) is held out for early stopping on ndcg@10.
 * Deterministic: fixed seed, users in id order.
 */
public final class RankerTrainer {
    /** The schema {@code train} writes by default: features serving computes. */
    public static final FeatureSchema SCHEMA = FeatureSet.SERVING.schema();
    public static final int VALIDATION_MODULUS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(RankerTrainer.class);
    private static final DateTimeFormatter VERSION_TIME = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss")
            .withZone(ZoneOffset.UTC);

    /**
     * Booster settings and rounds; {@link #defaults()} is what {@code train} and {@code evaluate} use.
     *
     * @param lambda          XGBoost's L2 penalty on leaf weights
     * @param selectionMargin how much better (relative) the XGBoost model's validation ndcg@10 must be than the
     *                        linear blend's over the same candidates for it to be chosen; otherwise the blend is.
     *                        Negative: always XGBoost.
     */
    public record Params(int maxRounds, int earlyStopping, double eta, int maxDepth, double minChildWeight,
                         double subsample, double colsample, int seed, int threads, double lambda,
                         double selectionMargin, double blendBase) {
        /** XGBoost's default L2 penalty. */
        public static final double DEFAULT_LAMBDA = 1;
        /**
         * The validation figure is measured on the users early stopping chose the iteration on, so it flatters the
         * XGBoost model a little: it must beat the blend by 2% to be chosen.
         */
        public static final double DEFAULT_SELECTION_MARGIN = 0.02;
        /**
         * XGBoost boosts from the fitted blend's score times this (0: from nothing), see {@link #train}. The blend's
         * scores span about 1 over a user's candidates (ease_rel weighs 1), a tree's leaves about ±0.1-0.3 at eta
         * 0.1: at 3 the blend's order holds unless several trees agree against it.
         */
        public static final double DEFAULT_BLEND_BASE = 3;

        public Params(int maxRounds, int earlyStopping, double eta, int maxDepth, double minChildWeight,
                      double subsample, double colsample, int seed, int threads) {
            this(maxRounds, earlyStopping, eta, maxDepth, minChildWeight, subsample, colsample, seed, threads,
                    DEFAULT_LAMBDA, DEFAULT_SELECTION_MARGIN, 0);
        }

        public static Params defaults() {
            return new Params(400, 30, 0.1, 6, 1, 0.8, 0.8, 42, 2).withBlendBase(DEFAULT_BLEND_BASE);
        }

        public Params withSelectionMargin(double margin) {
            return new Params(maxRounds, earlyStopping, eta, maxDepth, minChildWeight, subsample, colsample, seed,
                    threads, lambda, margin, blendBase);
        }

        public Params withBlendBase(double scale) {
            return new Params(maxRounds, earlyStopping, eta, maxDepth, minChildWeight, subsample, colsample, seed,
                    threads, lambda, selectionMargin, scale);
        }

        Map<String, Object> xgboost() {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("objective", "rank:ndcg");
            p.put("eval_metric", "ndcg@10");
            p.put("tree_method", "hist");
            p.put("eta", eta);
            p.put("max_depth", maxDepth);
            p.put("min_child_weight", minChildWeight);
            p.put("lambda", lambda);
            p.put("subsample", subsample);
            p.put("colsample_bytree", colsample);
            p.put("seed", seed);
            p.put("nthread", threads);
            p.put("verbosity", 0);
            return p;
        }
    }

    /**
     * A trained model with what it was trained on and how well it did on its validation users.
     *
     * @param ranker   the XGBoost model
     * @param selected what to rank with: {@code ranker}, or a {@link LinearRanker} under its own version when the
     *                 XGBoost model did not beat the blend on the validation users by {@link Params#selectionMargin}
     */
    public record Trained(XgboostRanker ranker, Ranker selected, Map<String, Object> metrics) {
        public boolean linearSelected() {
            return selected instanceof LinearRanker;
        }
    }

    /**
     * Which model the validation users chose, with both mean figures, the mean per-user difference (XGBoost minus
     * blend) and its standard error.
     */
    public record Selection(String chosen, double xgboostNdcg, double linearNdcg, double margin, double meanDifference,
                            double standardError) {}

    /**
     * How many standard errors the XGBoost model's mean per-user gain over the blend must clear (one-sided 95%):
     * with a few dozen validation users (the {@code time} inner split) a few percent is noise.
     */
    public static final double SELECTION_Z = 1.645;

    /**
     * XGBoost if, on the same validation users, its ndcg@10 beats the linear blend's by the relative margin AND its
     * mean per-user gain is more than {@link #SELECTION_Z} standard errors; else the blend. A negative margin always
     * keeps XGBoost.
     */
    public static Selection select(double[] xgboostPerUser, double[] linearPerUser, double margin) {
        return select(xgboostPerUser, linearPerUser, margin, SELECTION_Z);
    }

    /** As {@link #select(double[], double[], double)}, with the mean gain to exceed {@code z} standard errors. */
    public static Selection select(double[] xgboostPerUser, double[] linearPerUser, double margin, double z) {
        int n = xgboostPerUser.length;
        double xgb = mean(xgboostPerUser);
        double linear = mean(linearPerUser);
        double[] diff = new double[n];
        for (int i = 0; i < n; i++) {
            diff[i] = xgboostPerUser[i] - linearPerUser[i];
        }
        double meanDiff = mean(diff);
        double ss = 0;
        for (double d : diff) {
            ss += (d - meanDiff) * (d - meanDiff);
        }
        double se = n < 2 ? Double.POSITIVE_INFINITY : Math.sqrt(ss / (n - 1) / n);
        boolean keep = margin < 0 || (xgb > linear * (1 + margin) && meanDiff > z * (z == 0 ? 0 : se));
        return new Selection(keep ? RankerArtifact.KIND_XGBOOST : RankerArtifact.KIND_LINEAR, xgb, linear, margin,
                meanDiff, se);
    }

    private static double mean(double[] v) {
        double sum = 0;
        for (double x : v) {
            sum += x;
        }
        return v.length == 0 ? 0 : sum / v.length;
    }

    /**
     * Mean ndcg@10 over query groups with binary labels: per group, rows by score descending (ties: row order),
     * DCG of the labelled rows in the first 10 over the ideal DCG of the group's labelled rows. Both models are
     * measured with this, over the same rows.
     */
    static double ndcgAt10(double[] scores, float[] labels, int[] groups) {
        return mean(ndcgAt10PerGroup(scores, labels, groups));
    }

    /** ndcg@10 of each query group, as {@link #ndcgAt10} defines it. */
    static double[] ndcgAt10PerGroup(double[] scores, float[] labels, int[] groups) {
        double[] out = new double[groups.length];
        int start = 0;
        for (int g = 0; g < groups.length; g++) {
            int size = groups[g];
            final int from = start;
            Integer[] order = new Integer[size];
            for (int i = 0; i < size; i++) {
                order[i] = from + i;
            }
            java.util.Arrays.sort(order, (a, b) -> Double.compare(scores[b], scores[a]));
            int positives = 0;
            for (int i = 0; i < size; i++) {
                positives += labels[from + i] > 0 ? 1 : 0;
            }
            double dcg = 0;
            double ideal = 0;
            for (int i = 0; i < Math.min(10, size); i++) {
                if (labels[order[i]] > 0) {
                    dcg += 1 / (Math.log(i + 2) / Math.log(2));
                }
                if (i < positives) {
                    ideal += 1 / (Math.log(i + 2) / Math.log(2));
                }
            }
            out[g] = ideal == 0 ? 0 : dcg / ideal;
            start += size;
        }
        return out;
    }

    private RankerTrainer() {}

    /** Trains a model serving can load ({@link FeatureSet#SERVING}). */
    public static Trained train(Split outer, TasteSettings settings, Clock clock, Params params) throws XGBoostError {
        return train(outer, FeatureSet.SERVING, settings, clock, params);
    }

    public static Trained train(Split outer, FeatureSet features, TasteSettings settings, Clock clock, Params params)
            throws XGBoostError {
        FeatureSchema schema = features.schema();
        long start = System.nanoTime();
        List<Split> inners = InnerSplit.all(outer);
        record UserRows(int userId, double[][] rows, double[][] linearRows, float[] labels, int positives,
                        int labelled) {}
        FeatureSchema linearSchema = new LinearRanker().schema();
        List<UserRows> perUser = new ArrayList<>();
        for (Split inner : inners) {
            TastestreamModel model = new TastestreamModel("ranker-training", inner, new LinearRanker(), features,
                    settings, clock);
            List<Split.EvalUser> users = inner.users();
            UserRows[] rowsOfSplit = new UserRows[users.size()];
            // users are independent; both cores build features, the result is kept in user order
            IntStream.range(0, users.size()).parallel().forEach(u -> {
                Split.EvalUser user = users.get(u);
                List<TastestreamModel.ItemCandidate> cands = model.candidates(user);
                double[][] rows = new double[cands.size()][];
                double[][] linearRows = new double[cands.size()][];
                float[] labels = new float[cands.size()];
                int pos = 0;
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = schema.vector(cands.get(i).candidate());
                    linearRows[i] = linearSchema.vector(cands.get(i).candidate());
                    int item = cands.get(i).item();
                    labels[i] = item >= 0 && user.isTest(item) ? 1 : 0;
                    pos += (int) labels[i];
                }
                rowsOfSplit[u] = new UserRows(user.userId(), rows, linearRows, labels, pos,
                        user.testItems().length);
            });
            perUser.addAll(List.of(rowsOfSplit));
        }
        double featureSeconds = (System.nanoTime() - start) / 1e9;
        List<double[]> trainRows = new ArrayList<>();
        List<double[]> validRows = new ArrayList<>();
        List<double[]> validLinearRows = new ArrayList<>();
        List<Float> trainLabels = new ArrayList<>();
        List<Float> validLabels = new ArrayList<>();
        List<Integer> trainGroups = new ArrayList<>();
        List<Integer> validGroups = new ArrayList<>();
        List<Integer> validUserIds = new ArrayList<>();
        int positives = 0;
        int labelled = 0;
        int recoverable = 0;
        for (UserRows r : perUser) {
            labelled += r.labelled();
            recoverable += r.positives();
            if (r.positives() == 0 || r.rows().length < 2) {
                continue; // nothing to learn an order from
            }
            // by user id, so a user in several inner splits is on one side only
            boolean valid = InnerSplit.isValidationUser(r.userId(), VALIDATION_MODULUS);
            if (valid) {
                validUserIds.add(r.userId());
            }
            List<double[]> rows = valid ? validRows : trainRows;
            List<Float> labels = valid ? validLabels : trainLabels;
            (valid ? validGroups : trainGroups).add(r.rows().length);
            for (int i = 0; i < r.rows().length; i++) {
                rows.add(r.rows()[i]);
                labels.add(r.labels()[i]);
                if (valid) {
                    validLinearRows.add(r.linearRows()[i]);
                }
            }
            positives += r.positives();
        }
        if (trainGroups.isEmpty() || validGroups.isEmpty()) {
            throw new IllegalArgumentException("too little training data for the ranker: " + trainGroups.size()
                    + " training and " + validGroups.size() + " validation users with a held-out artist among "
                    + "their candidates");
        }
        // a learned linear blend (weights fitted on the training users) is the XGBoost model's other challenger:
        // steadier where there is little to learn from (time); it must beat the fixed blend as XGBoost must
        double[][] trainArray = trainRows.toArray(new double[0][]);
        float[] tLabels = new float[trainLabels.size()];
        for (int i = 0; i < tLabels.length; i++) {
            tLabels[i] = trainLabels.get(i);
        }
        int[] tGroups = trainGroups.stream().mapToInt(Integer::intValue).toArray();
        LinearRanker blend = fitBlend(schema, trainArray, tLabels, tGroups, "blend-fitted");
        // boosting from the blend: its score (scaled to XGBoost's margins) is every row's base margin, so the
        // trees learn what the blend misses rather than the whole order again
        LinearRanker base = blend == null || params.blendBase() == 0 ? null
                : new LinearRanker("blend-base", blend.schema(),
                        java.util.Arrays.stream(blend.weights()).map(w -> w * params.blendBase()).toArray());
        double[][] validArray = validRows.toArray(new double[0][]);
        DMatrix dtrain = matrix(trainRows, trainLabels, trainGroups, schema);
        DMatrix dvalid = matrix(validRows, validLabels, validGroups, schema);
        if (base != null) {
            dtrain.setBaseMargin(XgboostRanker.baseMargins(base, schema, trainArray));
            dvalid.setBaseMargin(XgboostRanker.baseMargins(base, schema, validArray));
        }
        float[][] history = new float[2][params.maxRounds()];
        long trainStart = System.nanoTime();
        // rounds one by one, evaluated here: early stopping on the validation users without xgboost4j printing
        // every round to stdout
        Booster booster = XGBoost.train(dtrain, params.xgboost(), 0, Map.of(), null, null);
        DMatrix[] sets = {dtrain, dvalid};
        String[] names = {"train", "valid"};
        int best = 0;
        int rounds = 0;
        float[] now = new float[2];
        for (int i = 0; i < params.maxRounds() && i - best <= params.earlyStopping(); i++) {
            booster.update(dtrain, i);
            booster.evalSet(sets, names, i, now);
            history[0][i] = now[0];
            history[1][i] = now[1];
            rounds = i + 1;
            if (now[1] > history[1][best]) {
                best = i;
            }
        }
        double boostSeconds = (System.nanoTime() - trainStart) / 1e9;
        dtrain.dispose();
        dvalid.dispose();
        byte[] bytes = booster.toByteArray("ubj");
        String version = "xgb-" + VERSION_TIME.format(clock.instant()) + "-" + hash(bytes);
        XgboostRanker xgb = new XgboostRanker(booster, schema, version, best + 1, base);
        // model selection on the validation users: the XGBoost model against the blend serving would otherwise
        // run, over the same candidates and labels (training data only)
        float[] vLabels = new float[validLabels.size()];
        for (int i = 0; i < vLabels.length; i++) {
            vLabels[i] = validLabels.get(i);
        }
        int[] vGroups = validGroups.stream().mapToInt(Integer::intValue).toArray();
        // a user's queries from several inner splits are not independent: one mean per user for the selection
        double[] xgbPerUser = perUserMean(ndcgAt10PerGroup(xgb.score(validArray), vLabels,
                vGroups), validUserIds);
        double[] linearPerUser = perUserMean(ndcgAt10PerGroup(new LinearRanker().score(
                validLinearRows.toArray(new double[0][])), vLabels, vGroups), validUserIds);
        // what EASE alone (the catalog's, by its rank among the candidates) scores on the same users: how good
        // the catalog's EASE is, on training data only (how its λ was chosen)
        int easeRank = schema.indexOf(Features.EASE_RANK);
        double easeAlone = easeRank < 0 ? Double.NaN : mean(perUserMean(ndcgAt10PerGroup(
                validRows.stream().mapToDouble(r -> -r[easeRank]).toArray(), vLabels, vGroups), validUserIds));
        double[] blendPerUser = blend == null ? linearPerUser : perUserMean(ndcgAt10PerGroup(
                blend.score(schema.project(blend.schema(), validArray)), vLabels, vGroups), validUserIds);
        // the blend's weights were fitted on the training users only and no parameter of it was chosen on the
        // validation users (XGBoost's best iteration is), so their figure is unbiased for it: the margin and a
        // positive mean gain, without XGBoost's standard-error bar
        Selection blendSelection = select(blendPerUser, linearPerUser, params.selectionMargin(), 0);
        boolean blendWins = blend != null && blendSelection.chosen().equals(RankerArtifact.KIND_XGBOOST);
        double[] basePerUser = blendWins ? blendPerUser : linearPerUser;
        Selection selection = select(xgbPerUser, basePerUser, params.selectionMargin());
        double xgbNdcg = selection.xgboostNdcg();
        double linearNdcg = mean(linearPerUser);
        Ranker selected = xgb;
        String chosen = "xgboost";
        if (selection.chosen().equals(RankerArtifact.KIND_LINEAR)) {
            version = "linear-" + VERSION_TIME.format(clock.instant()) + "-" + hash(bytes);
            selected = blendWins ? new LinearRanker(version, blend.schema(), blend.weights())
                    : new LinearRanker(version);
            chosen = blendWins ? "blend" : "linear";
        }
        Map<String, Object> metrics = new LinkedHashMap<>();
        metrics.put("version", version);
        metrics.put("featureSchema", schema.version());
        metrics.put("candidates", features == FeatureSet.SERVING ? "core wide pool" : "core wide pool + item-kNN + friends");
        metrics.put("protocol", outer.protocol().label());
        metrics.put("labelRule", outer.protocol().name().equals("TIME")
                ? "artists first tagged between an inner cutoff " + InnerSplit.TIME_STEPS_MONTHS
                        + " months before the cutoff and the cutoff"
                : "SHA-256(\"" + InnerSplit.SALT + ":u:a\")[0..8] mod 5 == 0 over training listening rows");
        metrics.put("innerSplits", inners.size());
        metrics.put("labelledUsers", perUser.size());
        metrics.put("validationQueries", validGroups.size());
        metrics.put("heldOutArtists", labelled);
        metrics.put("heldOutAmongCandidates", recoverable);
        metrics.put("trainUsers", trainGroups.size());
        metrics.put("validationUsers", xgbPerUser.length);
        metrics.put("trainRows", trainRows.size());
        metrics.put("validationRows", validRows.size());
        metrics.put("positives", positives);
        metrics.put("roundsRun", rounds);
        metrics.put("bestIteration", best);
        metrics.put("trainNdcg@10AtBest", history[0][best]);
        metrics.put("validationNdcg@10AtBest", history[1][best]);
        metrics.put("selected", selection.chosen());
        metrics.put("selectedRanker", chosen);
        metrics.put("validationNdcg@10Blend", round4(mean(blendPerUser)));
        metrics.put("blendWeights", blend == null ? Map.of() : weightsByName(blend));
        metrics.put("xgboostBoostedFromBlend", base == null ? 0 : params.blendBase());
        metrics.put("selectionMargin", selection.margin());
        metrics.put("validationNdcg@10Xgboost", round4(xgbNdcg));
        metrics.put("validationNdcg@10Linear", round4(linearNdcg));
        metrics.put("validationNdcg@10EaseRank", round4(easeAlone));
        metrics.put("validationGainMean", round4(selection.meanDifference()));
        metrics.put("validationGainStdErr", round4(selection.standardError()));
        metrics.put("xgboostVersion", xgb.version());
        metrics.put("params", params.xgboost());
        metrics.put("featureSeconds", Math.round(featureSeconds * 10) / 10.0);
        metrics.put("boostSeconds", Math.round(boostSeconds * 10) / 10.0);
        LOG.info("trained ranker {}: {} train / {} validation users, {} rows, best iteration {} of {}; "
                        + "validation ndcg@10 xgboost {}, fitted blend {}, fixed blend {}: {} selected", xgb.version(),
                trainGroups.size(), validGroups.size(), trainRows.size() + validRows.size(), best, rounds,
                round4(xgbNdcg), round4(mean(blendPerUser)), round4(linearNdcg), chosen);
        return new Trained(xgb, selected, metrics);
    }

    private static DMatrix matrix(List<double[]> rows, List<Float> labels, List<Integer> groups, FeatureSchema schema)
            throws XGBoostError {
        DMatrix m = XgboostRanker.matrix(rows.toArray(new double[0][]), schema.size());
        float[] l = new float[labels.size()];
        for (int i = 0; i < l.length; i++) {
            l[i] = labels.get(i);
        }
        m.setLabel(l);
        m.setGroup(groups.stream().mapToInt(Integer::intValue).toArray());
        return m;
    }

    /** Features the learned blend may weigh: scale-free or per-user shares, all computed by serving. */
    static final List<String> BLEND_FEATURES = List.of(Features.EASE_REL, Features.EASE_DECAY_REL, Features.COLISTEN,
            Features.COLISTEN_SUM_NORM, Features.TAG_MATCH, Features.TAG_COSINE, Features.POPULARITY);
    private static final double[] BLEND_GRID = {0, 0.02, 0.05, 0.1, 0.2, 0.5, 1, 2};

    /**
     * A linear blend of {@link #BLEND_FEATURES} fitted by coordinate search on the training queries (mean ndcg@10):
     * {@code ease_rel} weighs 1 and each other feature takes the best weight of a small grid, two passes. Null when
     * the schema lacks a blend feature.
     */
    static LinearRanker fitBlend(FeatureSchema schema, double[][] rows, float[] labels, int[] groups, String version) {
        int[] columns = BLEND_FEATURES.stream().mapToInt(schema::indexOf).toArray();
        if (java.util.Arrays.stream(columns).anyMatch(c -> c < 0)) {
            return null;
        }
        FeatureSchema blendSchema = new FeatureSchema("blend-v1", BLEND_FEATURES);
        double[][] x = FeatureSchema.select(columns, rows);
        double[] w = new double[columns.length];
        w[0] = 1;
        double best = topTenNdcg(score(x, w), labels, groups);
        for (int pass = 0; pass < 2; pass++) {
            for (int j = 1; j < w.length; j++) {
                double keep = w[j];
                for (double v : BLEND_GRID) {
                    w[j] = v;
                    double ndcg = topTenNdcg(score(x, w), labels, groups);
                    if (ndcg > best + 1e-9) {
                        best = ndcg;
                        keep = v;
                    }
                }
                w[j] = keep;
            }
        }
        return new LinearRanker(version, blendSchema, w);
    }

    /**
     * {@link #ndcgAt10} without sorting whole groups (the search scores a million rows a hundred times): per group
     * the ten highest rows by selection, ties to the earlier row as the stable sort does.
     */
    static double topTenNdcg(double[] scores, float[] labels, int[] groups) {
        double sum = 0;
        int start = 0;
        for (int size : groups) {
            int positives = 0;
            for (int i = start; i < start + size; i++) {
                positives += labels[i] > 0 ? 1 : 0;
            }
            boolean[] taken = new boolean[size];
            double dcg = 0;
            double ideal = 0;
            for (int k = 0; k < Math.min(10, size); k++) {
                int best = -1;
                for (int i = 0; i < size; i++) {
                    if (!taken[i] && (best < 0 || scores[start + i] > scores[start + best])) {
                        best = i;
                    }
                }
                taken[best] = true;
                double discount = 1 / (Math.log(k + 2) / Math.log(2));
                if (labels[start + best] > 0) {
                    dcg += discount;
                }
                if (k < positives) {
                    ideal += discount;
                }
            }
            sum += ideal == 0 ? 0 : dcg / ideal;
            start += size;
        }
        return groups.length == 0 ? 0 : sum / groups.length;
    }

    private static double[] score(double[][] x, double[] w) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            for (int j = 0; j < w.length; j++) {
                out[i] += w[j] * x[i][j];
            }
        }
        return out;
    }

    private static Map<String, Double> weightsByName(LinearRanker ranker) {
        Map<String, Double> out = new LinkedHashMap<>();
        double[] w = ranker.weights();
        for (int i = 0; i < w.length; i++) {
            out.put(ranker.schema().names().get(i), w[i]);
        }
        return out;
    }

    /** Means of per-query values by user id, in first-seen order. */
    static double[] perUserMean(double[] perQuery, List<Integer> userOfQuery) {
        Map<Integer, double[]> sums = new LinkedHashMap<>();
        for (int i = 0; i < perQuery.length; i++) {
            double[] s = sums.computeIfAbsent(userOfQuery.get(i), u -> new double[2]);
            s[0] += perQuery[i];
            s[1]++;
        }
        return sums.values().stream().mapToDouble(s -> s[0] / s[1]).toArray();
    }

    private static double round4(double v) {
        return Math.round(v * 1e4) / 1e4;
    }

    private static String hash(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)).substring(0, 8);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
