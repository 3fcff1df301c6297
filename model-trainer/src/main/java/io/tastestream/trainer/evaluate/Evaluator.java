package io.tastestream.trainer.evaluate;

import io.tastestream.core.progress.Progress;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;

/** Asks a model for each evaluated user's top {@link Metrics#MAX_K} and averages the metrics. */
public final class Evaluator {
    private Evaluator() {}

    /**
     * @param name       the model's name in metrics.json
     * @param metrics    "recall@10" … "ndcg@50", averaged over {@code users}
     * @param fitSeconds time to build the model from training data
     * @param rankSeconds time to rank for all users
     */
    /** @param selection the model's {@link RankingModel#selection()} */
    public record Result(String name, Map<String, Double> metrics, int users, double fitSeconds, double rankSeconds,
                         Map<String, Object> selection) {
        public Result(String name, Map<String, Double> metrics, int users, double fitSeconds, double rankSeconds) {
            this(name, metrics, users, fitSeconds, rankSeconds, Map.of());
        }
    }

    public static Result evaluate(Split split, RankingModel model, double fitSeconds, Progress progress) {
        List<Split.EvalUser> users = split.users();
        int[][] ranked = new int[users.size()][];
        long start = System.nanoTime();
        try (Progress.Step step = progress.start("ranking: " + model.name(), users.size())) {
            // users are independent; the two cores share them
            IntStream.range(0, users.size()).parallel().forEach(u -> {
                ranked[u] = model.rank(users.get(u), Metrics.MAX_K);
                step.advance(1);
            });
        }
        double rankSeconds = (System.nanoTime() - start) / 1e9;
        // summed in user order, so the figures are the same to the last digit on every run
        Metrics.Accumulator acc = new Metrics.Accumulator();
        for (int u = 0; u < users.size(); u++) {
            acc.add(ranked[u], users.get(u));
        }
        return new Result(model.name(), acc.means(), acc.users(), fitSeconds, rankSeconds,
                model.selection());
    }
}
