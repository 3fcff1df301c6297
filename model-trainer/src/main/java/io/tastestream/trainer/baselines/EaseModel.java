package io.tastestream.trainer.baselines;

import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TrainingMatrix;
import java.util.Arrays;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EASE (Steck 2019, "Embarrassingly Shallow Autoencoders for Sparse Data") on the binary training matrix X restricted
 * to artists with at least {@link #MIN_USERS} training users: P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag(P)) (so
 * B_ij = −P_ij/P_jj off the diagonal, 0 on it), scores = x_u·B. Artists outside the restriction score lowest.
 * The inverse is EJML's (blocked) Cholesky: XᵀX + λI is symmetric positive definite for λ &gt; 0.
 */
public final class EaseModel extends ScoringModel {
    public static final String NAME = "ease";
    public static final double DEFAULT_LAMBDA = 50;
    public static final int MIN_USERS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(EaseModel.class);

    private final TrainingMatrix matrix;
    /** item index → row/column in B, or -1 when the item is left out. */
    private final int[] column;
    private final int[] itemOfColumn;
    /** B, row-major, n × n. */
    private final double[] weights;
    private final int n;

    public EaseModel(TrainingMatrix matrix, double lambda) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("EASE needs λ > 0, was " + lambda);
        }
        this.matrix = matrix;
        column = new int[matrix.items()];
        Arrays.fill(column, -1);
        int count = 0;
        for (int i = 0; i < column.length; i++) {
            if (matrix.users(i) >= MIN_USERS) {
                column[i] = count++;
            }
        }
        n = count;
        itemOfColumn = new int[n];
        for (int i = 0; i < column.length; i++) {
            if (column[i] >= 0) {
                itemOfColumn[column[i]] = i;
            }
        }
        long start = System.nanoTime();
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        double[] g = gram.data;
        int[] kept = new int[matrix.items()];
        for (int r = 0; r < matrix.rows(); r++) {
            int m = 0;
            for (int i : matrix.itemsOfRow(r)) {
                if (column[i] >= 0) {
                    kept[m++] = column[i];
                }
            }
            for (int a = 0; a < m; a++) {
                int rowStart = kept[a] * n;
                for (int b = 0; b < m; b++) {
                    g[rowStart + kept[b]] += 1;
                }
            }
        }
        for (int d = 0; d < n; d++) {
            g[d * n + d] += lambda;
        }
        DMatrixRMaj inverse = new DMatrixRMaj(n, n);
        if (n > 0) {
            LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(n);
            if (!solver.setA(gram)) {
                throw new IllegalStateException("XᵀX + λI is not positive definite (λ = " + lambda + ")");
            }
            solver.invert(inverse);
        }
        double[] p = inverse.data;
        double[] diagonal = new double[n];
        for (int j = 0; j < n; j++) {
            diagonal[j] = p[j * n + j];
        }
        for (int i = 0; i < n; i++) {
            int rowStart = i * n;
            for (int j = 0; j < n; j++) {
                p[rowStart + j] = i == j ? 0 : -p[rowStart + j] / diagonal[j];
            }
        }
        weights = p;
        LOG.info("EASE: {} of {} artists with ≥ {} training users, λ = {}, fitted in {} s", n, matrix.items(),
                MIN_USERS, lambda, String.format(java.util.Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
    }

    @Override
    public String name() {
        return NAME;
    }

    /** Number of artists the model covers (those with ≥ {@link #MIN_USERS} training users). */
    public int coveredItems() {
        return n;
    }

    /** B_ij by item indices (0 when either is not covered); for tests. */
    public double weight(int fromItem, int toItem) {
        int a = column[fromItem];
        int b = column[toItem];
        return a < 0 || b < 0 ? 0 : weights[a * n + b];
    }

    @Override
    public double[] scores(Split.EvalUser user) {
        double[] covered = new double[n];
        for (int i : matrix.itemsOfUser(user.userId())) {
            int a = column[i];
            if (a >= 0) {
                int rowStart = a * n;
                for (int b = 0; b < n; b++) {
                    covered[b] += weights[rowStart + b];
                }
            }
        }
        double[] s = new double[matrix.items()];
        Arrays.fill(s, Double.NEGATIVE_INFINITY);
        for (int b = 0; b < n; b++) {
            s[itemOfColumn[b]] = covered[b];
        }
        return s;
    }
}
