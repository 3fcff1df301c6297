package io.tastestream.trainer.baselines;

import java.util.Arrays;
import java.util.Locale;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.factory.LinearSolverFactory_DDRM;
import org.ejml.interfaces.linsol.LinearSolverDense;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * EASE's closed form (Steck 2019) on a binary user × item matrix restricted to items with at least {@code minUsers}
 * users: P = (XᵀX + Λ)⁻¹, B = I − P·diag(1/diag(P)) (so B_ij = −P_ij/P_jj off the diagonal, 0 on it). One fit
 * serves the {@code ease} baseline ({@link EaseModel}) and the catalog's EASE rows (model-trainer's CatalogBuilder).
 * Λ = λI for EASE; with a dropout probability p &gt; 0 it is λI + p/(1−p)·diag(XᵀX), the emphasised denoising
 * autoencoder's penalty (EDLAE, Steck 2020, "Autoencoders that don't overfit towards the identity"): items with
 * many users are penalised in proportion, so B leans less on the most popular items.
 * The inverse is EJML's (blocked) Cholesky: XᵀX + Λ is symmetric positive definite for λ &gt; 0.
 */
public final class EaseFit {
    private static final Logger LOG = LoggerFactory.getLogger(EaseFit.class);

    /** item → row/column in B, or -1 when the item is left out. */
    private final int[] column;
    private final int[] itemOfColumn;
    /** B, row-major, n × n. */
    private final double[] weights;
    /** diag(P) by column. */
    private final double[] diagonal;
    private final int n;

    /**
     * @param itemsOfRow each user's distinct items (indices below {@code items})
     * @param usersOfItem how many users each item has
     */
    public EaseFit(int[][] itemsOfRow, int[] usersOfItem, int minUsers, double lambda) {
        this(itemsOfRow, usersOfItem, minUsers, lambda, 0);
    }

    /**
     * @param itemsOfRow each user's distinct items (indices below {@code items})
     * @param usersOfItem how many users each item has
     * @param dropout     EDLAE's dropout probability p in [0, 1): 0 is EASE
     */
    public EaseFit(int[][] itemsOfRow, int[] usersOfItem, int minUsers, double lambda, double dropout) {
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("EASE needs λ > 0, was " + lambda);
        }
        if (!(dropout >= 0 && dropout < 1)) {
            throw new IllegalArgumentException("EDLAE's dropout probability must be in [0, 1), was " + dropout);
        }
        int items = usersOfItem.length;
        column = new int[items];
        Arrays.fill(column, -1);
        int count = 0;
        for (int i = 0; i < items; i++) {
            if (usersOfItem[i] >= minUsers) {
                column[i] = count++;
            }
        }
        n = count;
        itemOfColumn = new int[n];
        for (int i = 0; i < items; i++) {
            if (column[i] >= 0) {
                itemOfColumn[column[i]] = i;
            }
        }
        long start = System.nanoTime();
        // users without a covered item add nothing to XᵀX: left out, they do not grow the users' inverse
        int[][] keptRows = Arrays.stream(itemsOfRow)
                .map(row -> Arrays.stream(row).map(i -> column[i]).filter(c -> c >= 0).toArray())
                .filter(row -> row.length > 0)
                .toArray(int[][]::new);
        boolean woodbury = keptRows.length < n;
        double[] penalty = penalties(keptRows, n, lambda, dropout);
        double[] p = n == 0 ? new double[0] : woodbury ? inverseByUsers(keptRows, n, penalty)
                : inverseByItems(keptRows, n, penalty);
        diagonal = new double[n];
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
        LOG.info("EASE: {} of {} items with ≥ {} users, λ = {}{}, fitted in {} s (inverse of {} {}² matrix)", n,
                items, minUsers, lambda, dropout == 0 ? "" : ", dropout " + dropout,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9),
                woodbury ? "the users'" : "the items'", woodbury ? keptRows.length : n);
    }

    /** Λ's diagonal: λ + p/(1−p)·(users of the column's item). */
    static double[] penalties(int[][] rows, int n, double lambda, double dropout) {
        double[] penalty = new double[n];
        Arrays.fill(penalty, lambda);
        double emphasis = dropout / (1 - dropout);
        if (emphasis > 0) {
            for (int[] row : rows) {
                for (int c : row) {
                    penalty[c] += emphasis;
                }
            }
        }
        return penalty;
    }

    /** (XᵀX + Λ)⁻¹ directly, Λ = diag(penalty): an n × n Cholesky inverse. */
    static double[] inverseByItems(int[][] rows, int n, double[] penalty) {
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        double[] g = gram.data;
        for (int[] row : rows) {
            for (int a : row) {
                int rowStart = a * n;
                for (int b : row) {
                    g[rowStart + b] += 1;
                }
            }
        }
        for (int d = 0; d < n; d++) {
            g[d * n + d] += penalty[d];
        }
        return invertSymmetric(gram).data;
    }

    /**
     * (XᵀX + Λ)⁻¹ through the users when there are fewer users u than items n (Woodbury), Λ = diag(penalty):
     * Λ⁻¹ − Λ⁻¹Xᵀ(I + XΛ⁻¹Xᵀ)⁻¹XΛ⁻¹ (for EASE, Λ = λI: (I − Xᵀ(λI + XXᵀ)⁻¹X)/λ). The inverse is of a u × u
     * matrix, and X is sparse, so the rest costs about nnz(X)·(u + n): on HetRec (≈1,900 users, 5,000–6,600
     * artists) seconds instead of minutes. Same P up to rounding.
     */
    static double[] inverseByUsers(int[][] rows, int n, double[] penalty) {
        int u = rows.length;
        int[][] rowsOfItem = transpose(rows, n);
        DMatrixRMaj m = new DMatrixRMaj(u, u);
        double[] md = m.data;
        for (int b = 0; b < n; b++) {
            double w = 1 / penalty[b];
            for (int r : rowsOfItem[b]) {
                int rowStart = r * u;
                for (int s : rowsOfItem[b]) {
                    md[rowStart + s] += w;
                }
            }
        }
        for (int d = 0; d < u; d++) {
            md[d * u + d] += 1;
        }
        double[] minv = invertSymmetric(m).data;
        // Yᵀ = (M⁻¹XΛ⁻¹)ᵀ, n × u: row b is the sum of M⁻¹'s rows (= columns, M is symmetric) of b's users, over Λ_b
        double[] yt = new double[n * u];
        for (int b = 0; b < n; b++) {
            int out = b * u;
            for (int s : rowsOfItem[b]) {
                int in = s * u;
                for (int r = 0; r < u; r++) {
                    yt[out + r] += minv[in + r];
                }
            }
            for (int r = 0; r < u; r++) {
                yt[out + r] /= penalty[b];
            }
        }
        double[] y = new double[u * n];
        for (int b = 0; b < n; b++) {
            for (int r = 0; r < u; r++) {
                y[r * n + b] = yt[b * u + r];
            }
        }
        yt = null;
        // P row a = (e_a − Σ over a's users r of Y's row r)/Λ_a
        double[] p = new double[n * n];
        for (int a = 0; a < n; a++) {
            int out = a * n;
            for (int r : rowsOfItem[a]) {
                int in = r * n;
                for (int b = 0; b < n; b++) {
                    p[out + b] -= y[in + b];
                }
            }
            p[out + a] += 1;
            for (int b = 0; b < n; b++) {
                p[out + b] /= penalty[a];
            }
        }
        return p;
    }

    private static int[][] transpose(int[][] rows, int n) {
        int[] count = new int[n];
        for (int[] row : rows) {
            for (int c : row) {
                count[c]++;
            }
        }
        int[][] out = new int[n][];
        for (int c = 0; c < n; c++) {
            out[c] = new int[count[c]];
            count[c] = 0;
        }
        for (int r = 0; r < rows.length; r++) {
            for (int c : rows[r]) {
                out[c][count[c]++] = r;
            }
        }
        return out;
    }

    private static DMatrixRMaj invertSymmetric(DMatrixRMaj a) {
        int n = a.numRows;
        DMatrixRMaj inverse = new DMatrixRMaj(n, n);
        LinearSolverDense<DMatrixRMaj> solver = LinearSolverFactory_DDRM.symmPosDef(n);
        if (!solver.setA(a)) {
            throw new IllegalStateException("the EASE system is not positive definite (λ must be > 0)");
        }
        solver.invert(inverse);
        return inverse;
    }

    /** Number of items the model covers. */
    public int covered() {
        return n;
    }

    /** The item's row/column in B, or -1 when it is not covered. */
    public int column(int item) {
        return column[item];
    }

    public int itemOfColumn(int column) {
        return itemOfColumn[column];
    }

    /** B by columns. */
    public double weightAt(int fromColumn, int toColumn) {
        return weights[fromColumn * n + toColumn];
    }

    /** P[j, j] by column. */
    public double diagonalAt(int column) {
        return diagonal[column];
    }

    /** Adds row {@code fromColumn} of B to {@code scores} (by column). */
    void addRow(int fromColumn, double[] scores) {
        int rowStart = fromColumn * n;
        for (int b = 0; b < n; b++) {
            scores[b] += weights[rowStart + b];
        }
    }

    /**
     * The columns of row {@code fromColumn}'s {@code k} largest positive weights, largest first (ties by column):
     * what a catalog keeps of the row.
     */
    public int[] topColumns(int fromColumn, int k) {
        return extremeColumns(fromColumn, k, 1);
    }

    /**
     * The columns of row {@code fromColumn}'s {@code k} most negative weights, most negative first (ties by column).
     * Scoring with a row's positive weights only over-ranks artists its listeners rarely share: on HetRec
     * {@code random}, EASE with each row's 200 largest positive weights scores 0.226 ndcg@10, with the 200 most
     * negative as well 0.238 (= full EASE).
     */
    public int[] bottomColumns(int fromColumn, int k) {
        return extremeColumns(fromColumn, k, -1);
    }

    /** {@code sign} 1: largest positive weights first; -1: most negative first. */
    private int[] extremeColumns(int fromColumn, int k, int sign) {
        int rowStart = fromColumn * n;
        // a bounded min-heap of columns by weight
        int[] heap = new int[Math.max(0, Math.min(k, n))];
        int size = 0;
        for (int b = 0; b < n; b++) {
            double w = sign * weights[rowStart + b];
            if (!(w > 0) || heap.length == 0) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = b;
                siftUp(heap, size++, rowStart, sign);
            } else if (less(heap[0], b, rowStart, sign)) {
                heap[0] = b;
                siftDown(heap, size, rowStart, sign);
            }
        }
        Integer[] out = new Integer[size];
        for (int i = 0; i < size; i++) {
            out[i] = heap[i];
        }
        Arrays.sort(out, (x, y) -> less(x, y, rowStart, sign) ? 1 : less(y, x, rowStart, sign) ? -1 : 0);
        return Arrays.stream(out).mapToInt(Integer::intValue).toArray();
    }

    /** Column x ranks below y: smaller sign·weight, or equal weight and larger column. */
    private boolean less(int x, int y, int rowStart, int sign) {
        double wx = sign * weights[rowStart + x];
        double wy = sign * weights[rowStart + y];
        return wx < wy || wx == wy && x > y;
    }

    private void siftUp(int[] heap, int i, int rowStart, int sign) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!less(heap[i], heap[parent], rowStart, sign)) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private void siftDown(int[] heap, int size, int rowStart, int sign) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int min = i;
            if (l < size && less(heap[l], heap[min], rowStart, sign)) {
                min = l;
            }
            if (r < size && less(heap[r], heap[min], rowStart, sign)) {
                min = r;
            }
            if (min == i) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[min];
            heap[min] = t;
            i = min;
        }
    }
}
