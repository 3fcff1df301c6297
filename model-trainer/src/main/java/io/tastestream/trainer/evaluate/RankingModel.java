package io.tastestream.trainer.evaluate;

/** A model under evaluation: fitted on a split's training data, asked for each evaluated user's top items. */
public interface RankingModel {

    /** The name in metrics.json and the report. */
    String name();

    /**
     * Up to {@code k} item indices for the user, best first, none of them the user's training items. Must be safe to
     * call from several threads at once.
     */
    int[] rank(Split.EvalUser user, int k);

    /**
     * What fitting decided that the figures alone do not show (a trained ranker: which model its validation users
     * chose and both validation figures); empty for most models. Goes to metrics.json and the console.
     */
    default java.util.Map<String, Object> selection() {
        return java.util.Map.of();
    }
}
