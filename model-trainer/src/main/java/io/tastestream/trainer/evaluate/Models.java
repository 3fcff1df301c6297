package io.tastestream.trainer.evaluate;

import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.baselines.EaseModel;
import io.tastestream.trainer.baselines.ItemKnnModel;
import io.tastestream.trainer.baselines.PopularityModel;
import io.tastestream.trainer.baselines.TagProfileCosineModel;
import java.time.Clock;
import java.util.List;

/** The models {@code evaluate} knows, by name, and how each is fitted on a split. */
public final class Models {
    public static final List<String> ALL = List.of(PopularityModel.NAME, ItemKnnModel.NAME,
            TagProfileCosineModel.NAME, EaseModel.NAME, TastestreamModel.NAME);

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
            case TastestreamModel.NAME -> new TastestreamModel(split, new LinearRanker(), options.taste(),
                    options.clock());
            default -> throw new IllegalArgumentException("unknown model '" + name + "' (known: "
                    + String.join(", ", ALL) + ")");
        };
    }
}
