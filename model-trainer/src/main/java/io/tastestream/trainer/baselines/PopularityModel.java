package io.tastestream.trainer.baselines;

import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TrainingMatrix;

/** Score = number of training users of the artist; the same list for everyone (minus their own artists). */
public final class PopularityModel extends ScoringModel {
    public static final String NAME = "popularity";

    private final double[] users;

    public PopularityModel(TrainingMatrix matrix) {
        users = new double[matrix.items()];
        for (int i = 0; i < users.length; i++) {
            users[i] = matrix.users(i);
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[] scores(Split.EvalUser user) {
        return users.clone();
    }
}
