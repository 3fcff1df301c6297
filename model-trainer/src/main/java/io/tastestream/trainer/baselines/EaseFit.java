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
 * users: P = (XᵀX + λI)⁻¹, B = I − P·diag(1/diag(P)) (so B_ij = −P_ij/P_jj off the diagonal, 0 on it). One fit
 * serves the {@code ease} baseline ({@link EaseModel}) and the catalog's EASE rows (model-trainer's CatalogBuilder).
 * The inverse is EJML's (blocked) Cholesky: XᵀX + λI is symmetric positive definite for λ &gt; 0.
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
        if (!(lambda > 0)) {
            throw new IllegalArgumentException("EASE needs λ > 0, was " + lambda);
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
        DMatrixRMaj gram = new DMatrixRMaj(n, n);
        double[] g = gram.data;
        int[] kept = new int[items];
        for (int[] row : itemsOfRow) {
            int m = 0;
            for (int i : row) {
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
        LOG.info("EASE: {} of {} items with ≥ {} users, λ = {}, fitted in {} s", n, items, minUsers, lambda,
                String.format(Locale.ROOT, "%.1f", (System.nanoTime() - start) / 1e9));
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
        int rowStart = fromColumn * n;
        // a bounded min-heap of columns by weight
        int[] heap = new int[Math.max(0, Math.min(k, n))];
        int size = 0;
        for (int b = 0; b < n; b++) {
            double w = weights[rowStart + b];
            if (!(w > 0) || heap.length == 0) {
                continue;
            }
            if (size < heap.length) {
                heap[size] = b;
                siftUp(heap, size++, rowStart);
            } else if (less(heap[0], b, rowStart)) {
                heap[0] = b;
                siftDown(heap, size, rowStart);
            }
        }
        Integer[] out = new Integer[size];
        for (int i = 0; i < size; i++) {
            out[i] = heap[i];
        }
        Arrays.sort(out, (x, y) -> less(x, y, rowStart) ? 1 : less(y, x, rowStart) ? -1 : 0);
        return Arrays.stream(out).mapToInt(Integer::intValue).toArray();
    }

    /** Column x ranks below y: smaller weight, or equal weight and larger column. */
    private boolean less(int x, int y, int rowStart) {
        double wx = weights[rowStart + x];
        double wy = weights[rowStart + y];
        return wx < wy || wx == wy && x > y;
    }

    private void siftUp(int[] heap, int i, int rowStart) {
        while (i > 0) {
            int parent = (i - 1) / 2;
            if (!less(heap[i], heap[parent], rowStart)) {
                return;
            }
            int t = heap[i];
            heap[i] = heap[parent];
            heap[parent] = t;
            i = parent;
        }
    }

    private void siftDown(int[] heap, int size, int rowStart) {
        int i = 0;
        while (true) {
            int l = 2 * i + 1;
            int r = l + 1;
            int min = i;
            if (l < size && less(heap[l], heap[min], rowStart)) {
                min = l;
            }
            if (r < size && less(heap[r], heap[min], rowStart)) {
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
