package io.tastestream.core.catalog;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * One artist's row of an EASE item-item model (Steck 2019): a user who listens to this artist j adds B[j, i] to the
 * score of artist i. The catalog keeps only the largest weights of each row, largest first.
 *
 * <p>{@code diagonal} is P[j, j] of P = (XᵀX + λI)⁻¹. B[j, i] = −P[j, i]/P[i, i] and P is symmetric, so
 * B[j, i] = B[i, j]·P[j, j]/P[i, i]: a weight cut from j's row can still be read from i's row.
 *
 * @param keys    artist keys, in the order of {@code weights}
 * @param weights B[j, key], descending
 */
public record EaseWeights(double diagonal, List<String> keys, float[] weights) {
    public EaseWeights {
        if (keys.size() != weights.length) {
            throw new IllegalArgumentException("EASE row has " + keys.size() + " keys but " + weights.length
                    + " weights");
        }
        if (!(diagonal > 0)) {
            throw new IllegalArgumentException("EASE row needs a positive diagonal of P, was " + diagonal);
        }
        // largest first, ties by key, so that truncation and reading are deterministic
        Integer[] order = new Integer[weights.length];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        final List<String> k = keys;
        final float[] w = weights;
        Arrays.sort(order, Comparator.comparingDouble((Integer i) -> -w[i]).thenComparing(i -> k.get(i)));
        List<String> sortedKeys = new ArrayList<>(order.length);
        float[] sortedWeights = new float[order.length];
        for (int i = 0; i < order.length; i++) {
            sortedKeys.add(k.get(order[i]));
            sortedWeights[i] = w[order[i]];
        }
        keys = List.copyOf(sortedKeys);
        weights = sortedWeights;
    }

    public int size() {
        return weights.length;
    }

    /** B[this, to] via the other artist's row: B[to, this]·P[this, this]/P[to, to]. */
    public double reverse(double weightFromOther, EaseWeights other) {
        return weightFromOther * diagonal / other.diagonal;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof EaseWeights e && e.diagonal == diagonal && e.keys.equals(keys)
                && Arrays.equals(e.weights, weights);
    }

    @Override
    public int hashCode() {
        return 31 * keys.hashCode() + Arrays.hashCode(weights);
    }

    @Override
    public String toString() {
        return "EaseWeights[diagonal=" + diagonal + ", " + keys.size() + " weights]";
    }
}
