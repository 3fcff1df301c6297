package io.tastestream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.progress.Progress;
import java.util.Map;

/** The reference figures on HetRec 2011 Last.fm 2K (recall@20 / ndcg@10), to be met within ±0.002. */
final class ReferenceFigures {
    static final double TOLERANCE = 0.002;
    static final int RANDOM_USERS = 1487;
    static final int TIME_USERS = 454;

    static final Map<String, double[]> RANDOM = Map.of(
            "popularity", new double[] {0.1047, 0.0883},
            "itemknn", new double[] {0.2484, 0.2256},
            "tag-profile-cosine", new double[] {0.1437, 0.1063},
            "ease", new double[] {0.2657, 0.2379});
    static final Map<String, double[]> TIME = Map.of(
            "popularity", new double[] {0.0467, 0.0448},
            "itemknn", new double[] {0.0871, 0.0734},
            "tag-profile-cosine", new double[] {0.0582, 0.0435},
            "ease", new double[] {0.0938, 0.0866});

    private ReferenceFigures() {}

    static Evaluator.Result check(Dataset data, Protocol protocol, String model) {
        Split split = Splitter.split(data, protocol, Splitter.DEFAULT_CUTOFF, null);
        TrainingMatrix matrix = TrainingMatrix.of(split);
        Evaluator.Result r = Evaluator.evaluate(split, Models.create(model, split, matrix, Models.Options.defaults()),
                0, Progress.NONE);
        double[] expected = (protocol == Protocol.RANDOM ? RANDOM : TIME).get(model);
        assertThat(r.users()).isEqualTo(protocol == Protocol.RANDOM ? RANDOM_USERS : TIME_USERS);
        assertThat(split.itemCount()).isEqualTo(17_999);
        assertThat(r.metrics().get("recall@20")).as("%s %s recall@20", protocol, model)
                .isCloseTo(expected[0], within(TOLERANCE));
        assertThat(r.metrics().get("ndcg@10")).as("%s %s ndcg@10", protocol, model)
                .isCloseTo(expected[1], within(TOLERANCE));
        return r;
    }
}
