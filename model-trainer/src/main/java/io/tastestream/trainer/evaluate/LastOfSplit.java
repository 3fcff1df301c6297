package io.tastestream.trainer.evaluate;

import java.lang.ref.WeakReference;

/**
 * The value last computed for a split (by identity) and a key: evaluate's models run one after another on one split,
 * and several of them need the same costly thing built from its training data (the catalog, the trained ranker).
 * Holds one value; another split or key computes and replaces it. The split is held weakly. Thread-safe.
 */
final class LastOfSplit<V> {
    /** Computes the value; may throw what the computation throws. */
    interface Compute<V, E extends Exception> {
        V get() throws E;
    }

    private WeakReference<Split> split = new WeakReference<>(null);
    private Object key;
    private V value;

    /** The value for {@code split} and {@code key} ({@code equals}): the last one if they match, else computed. */
    synchronized <E extends Exception> V get(Split split, Object key, Compute<V, E> compute) throws E {
        if (this.split.get() == split && key.equals(this.key)) {
            return value;
        }
        V computed = compute.get();
        this.split = new WeakReference<>(split);
        this.key = key;
        this.value = computed;
        return computed;
    }
}
