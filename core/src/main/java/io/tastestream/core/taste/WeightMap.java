package io.tastestream.core.taste;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map from key to {@link DecayedWeight} that stores the weights in parallel primitive arrays (open addressing,
 * linear probing) instead of a node, a key and a record object per entry. The taste job holds a thousand or more
 * users' tastes in memory and touches every weight of one of them to build a snapshot or to prune it: with one
 * array of values and one of times per map those reads are sequential, where a {@link java.util.HashMap} of records
 * cost two or three cache misses per entry, which was most of the snapshot's cost. {@link #add} updates a weight in
 * place, with one look-up and no allocation. Each slot also keeps its key's hash, so a look-up compares keys only
 * where the hashes agree, and then first by reference (the taste's keys come from {@code Names}' memo, one instance
 * per key): a probe reads the arrays, not the key objects scattered over the heap.
 *
 * <p>It is a full {@link Map} (Jackson and the job's state codec read and write it as one); {@link DecayedWeight}
 * objects are made only where the Map view hands them out. Slots can be read directly ({@link #slots()},
 * {@link #keyAt}, {@link #valueAt}, {@link #asOfAt}) by the hot paths in {@link TasteState}. Iteration order is the
 * slot order, which is not insertion order; nothing in the taste depends on an order. Null keys and values are
 * refused. Not thread-safe.
 */
public final class WeightMap extends AbstractMap<String, DecayedWeight> {
    private static final int MIN_CAPACITY = 16;

    private String[] keys;
    private int[] hashes;
    private double[] values;
    private long[] asOf;
    private int size;

    public WeightMap() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        hashes = new int[capacity];
        values = new double[capacity];
        asOf = new long[capacity];
    }

    /** The slot of {@code key}, or the empty slot where it would go (-(slot) - 1). */
    private int find(Object key) {
        int mask = keys.length - 1;
        int h = key.hashCode();
        int i = mix(h) & mask;
        while (true) {
            String k = keys[i];
            if (k == null) {
                return -i - 1;
            }
            if (hashes[i] == h && (k == key || k.equals(key))) {
                return i;
            }
            i = (i + 1) & mask;
        }
    }

    /** Spreads the hash so that keys differing in high bits do not share low bits (the table size is a power of 2). */
    private static int mix(int h) {
        h *= 0x9E3779B9;
        return h ^ (h >>> 16);
    }

    /**
     * Adds {@code w} at {@code t} to the key's weight, exactly as {@link DecayedWeight#plus} would (same arithmetic,
     * same result bit for bit); true when the key was new.
     */
    public boolean add(String key, double w, long t, HalfLife halfLife) {
        int slot = find(key);
        if (slot >= 0) {
            long was = asOf[slot];
            values[slot] = DecayedWeight.plusValue(values[slot], was, w, t, halfLife);
            asOf[slot] = DecayedWeight.plusAsOf(was, t);
            return false;
        }
        insert(-slot - 1, key, w, t);
        return true;
    }

    private void insert(int slot, String key, double value, long at) {
        keys[slot] = key;
        hashes[slot] = key.hashCode();
        values[slot] = value;
        asOf[slot] = at;
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        double[] oldValues = values;
        long[] oldAsOf = asOf;
        allocate(oldKeys.length * 2);
        int mask = keys.length - 1;
        for (int i = 0; i < oldKeys.length; i++) {
            if (oldKeys[i] != null) {
                int slot = mix(oldHashes[i]) & mask; // keys are distinct: the first empty slot of the run
                while (keys[slot] != null) {
                    slot = (slot + 1) & mask;
                }
                keys[slot] = oldKeys[i];
                hashes[slot] = oldHashes[i];
                values[slot] = oldValues[i];
                asOf[slot] = oldAsOf[i];
            }
        }
    }

    /** How many slots there are: read them with {@link #keyAt} (null for an empty slot), {@link #valueAt}, {@link #asOfAt}. */
    public int slots() {
        return keys.length;
    }

    public String keyAt(int slot) {
        return keys[slot];
    }

    /** The stored value of the slot, as of {@link #asOfAt}. */
    public double valueAt(int slot) {
        return values[slot];
    }

    public long asOfAt(int slot) {
        return asOf[slot];
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public boolean containsKey(Object key) {
        return key != null && find(key) >= 0;
    }

    @Override
    public DecayedWeight get(Object key) {
        if (key == null) {
            return null;
        }
        int slot = find(key);
        return slot < 0 ? null : new DecayedWeight(values[slot], asOf[slot]);
    }

    @Override
    public DecayedWeight put(String key, DecayedWeight value) {
        if (key == null || value == null) {
            throw new NullPointerException("WeightMap takes no null keys or values");
        }
        int slot = find(key);
        if (slot >= 0) {
            DecayedWeight old = new DecayedWeight(values[slot], asOf[slot]);
            values[slot] = value.value();
            asOf[slot] = value.asOfMillis();
            return old;
        }
        insert(-slot - 1, key, value.value(), value.asOfMillis());
        return null;
    }

    @Override
    public DecayedWeight remove(Object key) {
        if (key == null) {
            return null;
        }
        int slot = find(key);
        if (slot < 0) {
            return null;
        }
        DecayedWeight old = new DecayedWeight(values[slot], asOf[slot]);
        removeSlot(slot);
        return old;
    }

    /** Deletes by shifting later entries of the probe run back, so that no tombstones are needed. */
    private void removeSlot(int slot) {
        int mask = keys.length - 1;
        int hole = slot;
        int i = slot;
        while (true) {
            i = (i + 1) & mask;
            String k = keys[i];
            if (k == null) {
                break;
            }
            int home = mix(hashes[i]) & mask;
            // k may fill the hole unless its home lies cyclically in (hole, i]
            boolean homeBetween = hole <= i ? (hole < home && home <= i) : (hole < home || home <= i);
            if (!homeBetween) {
                keys[hole] = k;
                hashes[hole] = hashes[i];
                values[hole] = values[i];
                asOf[hole] = asOf[i];
                hole = i;
            }
        }
        keys[hole] = null;
        values[hole] = 0;
        asOf[hole] = 0;
        size--;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, null);
        size = 0;
    }

    @Override
    public Set<Map.Entry<String, DecayedWeight>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public Iterator<Map.Entry<String, DecayedWeight>> iterator() {
                return new Iterator<>() {
                    private int next = advance(0);

                    private int advance(int from) {
                        int i = from;
                        while (i < keys.length && keys[i] == null) {
                            i++;
                        }
                        return i;
                    }

                    @Override
                    public boolean hasNext() {
                        return next < keys.length;
                    }

                    @Override
                    public Map.Entry<String, DecayedWeight> next() {
                        if (next >= keys.length) {
                            throw new NoSuchElementException();
                        }
                        Map.Entry<String, DecayedWeight> e = new SimpleImmutableEntry<>(keys[next],
                                new DecayedWeight(values[next], asOf[next]));
                        next = advance(next + 1);
                        return e;
                    }
                };
            }

            @Override
            public int size() {
                return size;
            }
        };
    }
}
