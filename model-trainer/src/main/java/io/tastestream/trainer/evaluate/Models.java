package io.tastestream.trainer.evaluate;

import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.baselines.EaseModel;
import io.tastestream.trainer.baselines.ItemKnnModel;
import io.tastestream.trainer.baselines.PopularityModel;
import io.tastestream.trainer.baselines.TagProfileCosineModel;
import io.tastestream.trainer.ranker.FeatureSet;
import io.tastestream.trainer.ranker.RankerTrainer;
import java.time.Clock;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;
import java.util.Map;

/** The models {@code evaluate} knows, by name, and how each is fitted on a split. */
public final class Models {
    public static final List<String> ALL = List.of(PopularityModel.NAME, ItemKnnModel.NAME,
            TagProfileCosineModel.NAME, EaseModel.NAME, TastestreamModel.LINEAR_NAME, TastestreamModel.NAME,
            TastestreamModel.XGBOOST_NAME);
    /** Known but not run unless asked for by name: evaluate-only features serving cannot compute. */
    public static final List<String> EXTRA = List.of(TastestreamModel.OFFLINE_FEATURES_NAME);

    private static final Logger LOG = LoggerFactory.getLogger(Models.class);

    private Models() {}

    /** Settings a model may need. */
    public record Options(double easeLambda, TasteSettings taste, Clock clock) {
        public static Options defaults() {
            return new Options(EaseModel.DEFAULT_LAMBDA, TasteSettings.defaults(), Clock.systemUTC());
        }
    }

    public static RankingModel create(String name, Split split, TrainingMatrix matrix, Options options) {
        return switch (name) {
            case PopularityModel.NAME -> new PopularityModel(matrix);
            case ItemKnnModel.NAME -> new ItemKnnModel(matrix);
            case TagProfileCosineModel.NAME -> new TagProfileCosineModel(split, matrix);
            case EaseModel.NAME -> new EaseModel(matrix, options.easeLambda());
            case TastestreamModel.LINEAR_NAME -> new TastestreamModel(TastestreamModel.LINEAR_NAME, split,
                    new LinearRanker(), FeatureSet.SERVING, options.taste(), options.clock());
            case TastestreamModel.NAME -> trained(TastestreamModel.NAME, FeatureSet.SERVING, split, options, false);
            case TastestreamModel.XGBOOST_NAME ->
                    trained(TastestreamModel.XGBOOST_NAME, FeatureSet.SERVING, split, options, true);
            case TastestreamModel.OFFLINE_FEATURES_NAME ->
                    trained(TastestreamModel.OFFLINE_FEATURES_NAME, FeatureSet.OFFLINE_ONLY, split, options, false);
            default -> throw new IllegalArgumentException("unknown model '" + name + "' (known: "
                    + String.join(", ", ALL) + ", and evaluate-only " + String.join(", ", EXTRA) + ")");
        };
    }

    /**
     * Core's recommender re-ranked by the ranker trained on an inner split of this split's training data only: the
     * one the training selected (XGBoost or a blend), or with {@code alwaysXgboost} its XGBoost model whatever the
     * selection chose (what the re-ranking by XGBoost alone gives).
     */
    private static RankingModel trained(String name, FeatureSet features, Split split, Options options,
                                        boolean alwaysXgboost) {
        try {
            RankerTrainer.Trained trained = training(split, features, options);
            Map<String, Object> m = trained.metrics();
            Map<String, Object> selection = new java.util.LinkedHashMap<>();
            for (String key : List.of("selected", "selectedRanker", "validationNdcg@10Blend", "blendWeights", "selectionMargin", "validationNdcg@10Xgboost",
                    "validationNdcg@10Linear", "validationNdcg@10EaseRank", "validationGainMean", "validationGainStdErr", "bestIteration", "xgboostBoostedFromBlend", "trainUsers", "validationUsers", "version")) {
                selection.put(key, m.get(key));
            }
            if (alwaysXgboost) {
                selection.put("ranksWith", "xgboost"); // whatever the selection chose (selectedRanker)
                selection.put("version", m.get("xgboostVersion"));
            }
            return new TastestreamModel(name, split, alwaysXgboost ? trained.ranker() : trained.selected(), features,
                    options.taste(), options.clock()).withSelection(selection);
        } catch (XGBoostError e) {
            throw new IllegalStateException("training the XGBoost ranker failed: " + e.getMessage(), e);
        } catch (IllegalArgumentException e) {
            // a toy dataset leaves no labels to learn from: the same candidates, ranked linearly
            LOG.warn("{}: no XGBoost ranker ({}); ranking with the linear blend", name, e.getMessage());
            return new TastestreamModel(name, split, new LinearRanker(), features, options.taste(), options.clock());
        }
    }

    /**
     * The ranker trained on this split: {@code tastestream} and {@code tastestream-xgboost} run one after the other
     * on one split and read the same training, so the last one is kept (by identity of the split, and its feature
     * set and settings) rather than trained twice.
     */
    private static RankerTrainer.Trained training(Split split, FeatureSet features, Options options)
            throws XGBoostError {
        return TRAINED.get(split, List.of(features, options.taste(), options.clock().instant()),
                () -> RankerTrainer.train(split, features, options.taste(), options.clock(),
                        RankerTrainer.Params.defaults()));
    }

    private static final LastOfSplit<RankerTrainer.Trained> TRAINED = new LastOfSplit<>();
}
