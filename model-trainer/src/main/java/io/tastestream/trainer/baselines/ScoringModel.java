package io.tastestream.trainer.baselines;

import io.tastestream.trainer.evaluate.RankingModel;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TopK;

/** A model that scores every item for a user; ranking is by score, ties by lower artist id ({@link TopK}). */
public abstract class ScoringModel implements RankingModel {

    /** One score per item index of the split; higher is better. */
    public abstract double[] scores(Split.EvalUser user);

    @Override
    public int[] rank(Split.EvalUser user, int k) {
        return TopK.select(scores(user), user.trainItems(), k);
    }
}
