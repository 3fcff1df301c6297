package io.tastestream.trainer.evaluate;

import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.baselines.EaseModel;
import io.tastestream.trainer.baselines.ItemKnnModel;
import io.tastestream.trainer.baselines.PopularityModel;
import io.tastestream.trainer.baselines.TagProfileCosineModel;
import io.tastestream.trainer.ranker.RankerTrainer;
import java.time.Clock;
import ml.dmlc.xgboost4j.java.XGBoostError;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import java.util.List;

/** The models {@code evaluate} knows, by name, and how each is fitted on a split. */
public final class Models {
    public static final List<String> ALL = List.of(PopularityModel.NAME, ItemKnnModel.NAME,
            TagProfileCosineModel.NAME, EaseModel.NAME, TastestreamModel.LINEAR_NAME, TastestreamModel.NAME);

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
                    new LinearRanker(), true, options.taste(), options.clock());
            case TastestreamModel.NAME -> {
                // trained here, on an inner split of this split's training data: the test never reaches it
                try {
                    RankerTrainer.Trained trained = RankerTrainer.train(split, options.taste(), options.clock(),
                            RankerTrainer.Params.defaults());
                    yield new TastestreamModel(TastestreamModel.NAME, split, trained.ranker(), true, options.taste(),
                            options.clock());
                } catch (XGBoostError e) {
                    throw new IllegalStateException("training the XGBoost ranker failed: " + e.getMessage(), e);
                } catch (IllegalArgumentException e) {
                    // a toy dataset leaves no labels to learn from: the same candidates, ranked linearly
                    LOG.warn("tastestream: no XGBoost ranker ({}); ranking with the linear blend", e.getMessage());
                    yield new TastestreamModel(TastestreamModel.NAME, split, new LinearRanker(), true,
                            options.taste(), options.clock());
                }
            }
            default -> throw new IllegalArgumentException("unknown model '" + name + "' (known: "
                    + String.join(", ", ALL) + ")");
        };
    }
}
