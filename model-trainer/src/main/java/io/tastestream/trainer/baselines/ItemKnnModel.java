package io.tastestream.trainer.baselines;

import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TrainingMatrix;
import java.util.Arrays;

/**
 * Item-item cosine on the binary training matrix, cos(i, j) = |U(i) ∩ U(j)| / sqrt(|U(i)|·|U(j)|), self-similarity 0;
 * a user's score for j = Σ over the user's training artists i of cos(i, j). All similarities are kept (no top-k
 * pruning), as sparse rows: only co-listened pairs are non-zero.
 */
public final class ItemKnnModel extends ScoringModel {
    public static final String NAME = "itemknn";

    private final TrainingMatrix matrix;
    private final int[][] neighbour;
    private final double[][] similarity;

    public ItemKnnModel(TrainingMatrix matrix) {
        this.matrix = matrix;
        int n = matrix.items();
        neighbour = new int[n][];
        similarity = new double[n][];
        int[] together = new int[n];
        int[] touched = new int[n];
        for (int i = 0; i < n; i++) {
            int count = 0;
            for (int r : matrix.rowsOfItem(i)) {
                for (int j : matrix.itemsOfRow(r)) {
                    if (j != i && together[j]++ == 0) {
                        touched[count++] = j;
                    }
                }
            }
            Arrays.sort(touched, 0, count);
            neighbour[i] = Arrays.copyOf(touched, count);
            similarity[i] = new double[count];
            for (int c = 0; c < count; c++) {
                int j = touched[c];
                similarity[i][c] = together[j] / Math.sqrt((double) matrix.users(i) * matrix.users(j));
                together[j] = 0;
            }
        }
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public double[] scores(Split.EvalUser user) {
        double[] s = new double[matrix.items()];
        for (int i : matrix.itemsOfUser(user.userId())) {
            int[] js = neighbour[i];
            double[] sims = similarity[i];
            for (int c = 0; c < js.length; c++) {
                s[js[c]] += sims[c];
            }
        }
        return s;
    }

    /** cos(i, j), for tests. */
    public double similarity(int i, int j) {
        int c = Arrays.binarySearch(neighbour[i], j);
        return c < 0 ? 0 : similarity[i][c];
    }
}
