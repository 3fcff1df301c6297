package io.tastestream.trainer.baselines;

import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TrainingMatrix;
import java.util.Arrays;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data") on the binary training matrix X restricted
 * to artists with at least {@link #MIN_USERS} training users ({@link EaseFit}), scores = x_u·B. Artists outside the
 * restriction score lowest.
 */
public final class EaseModel extends ScoringModel {
    public static final String NAME = "ease";
    public static final double DEFAULT_LAMBDA = 50;
    public static final int MIN_USERS = 2;

    private final TrainingMatrix matrix;
    private final EaseFit fit;

    public EaseModel(TrainingMatrix matrix, double lambda) {
        this(matrix, lambda, 0);
    }

    /** With EDLAE's dropout emphasis p (0: EASE), as the catalog fits it. */
    public EaseModel(TrainingMatrix matrix, double lambda, double dropout) {
        this.matrix = matrix;
        int[][] rows = new int[matrix.rows()][];
        int[] users = new int[matrix.items()];
        for (int r = 0; r < rows.length; r++) {
            rows[r] = matrix.itemsOfRow(r);
        }
        for (int i = 0; i < users.length; i++) {
            users[i] = matrix.users(i);
        }
        this.fit = new EaseFit(rows, users, MIN_USERS, lambda, dropout);
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Number of artists the model covers (those with ≥ {@link #MIN_USERS} training users). */
    public int coveredItems() {
        return fit.covered();
    }

    /** B_ij by item indices (0 when either is not covered); for tests. */
    public double weight(int fromItem, int toItem) {
        int a = fit.column(fromItem);
        int b = fit.column(toItem);
        return a < 0 || b < 0 ? 0 : fit.weightAt(a, b);
    }

    @Override
    public double[] scores(Split.EvalUser user) {
        double[] covered = new double[fit.covered()];
        for (int i : matrix.itemsOfUser(user.userId())) {
            int a = fit.column(i);
            if (a >= 0) {
                fit.addRow(a, covered);
            }
        }
        double[] s = new double[matrix.items()];
        Arrays.fill(s, Double.NEGATIVE_INFINITY);
        for (int b = 0; b < covered.length; b++) {
            s[fit.itemOfColumn(b)] = covered[b];
        }
        return s;
    }
}
