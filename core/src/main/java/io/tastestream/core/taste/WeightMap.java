package io.tastestream.core.taste;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * A map from key to {@link DecayedWeight} that stores the weights in parallel primitive arrays (open addressing,
 * linear probing) instead of a node, a key and a record object per entry. The taste job holds a thousand or more
 * users' tastes in memory and touches every weight of one of them to build a snapshot or to prune it: with the
 * values and times in one array (each value beside its time) those reads are sequential, where a
 * {@link java.util.HashMap} of records cost two or three cache misses per entry, which was most of the snapshot's
 * cost. {@link #add} updates a weight in place, with one look-up and no allocation. A look-up compares keys by
 * reference first (the taste's keys come from {@code Names}' memo, one instance per key), and otherwise by the
 * hash each slot keeps before comparing the strings: a probe reads the arrays, not the key objects scattered over
 * the heap.
 *
 * <p>Each slot also holds the key's <b>display name</b> ("Sigur Rós" for the key "sigur rós"), read and written
 * through the {@link #names()} view, a {@code Map<String, String>} of its own: a name lives and dies with its key's
 * weight, so adding a new key with its name, pruning it and showing it cost no second map's look-ups, entries and
 * removals (they were a sixth of the taste job's time per play). A name put for a key that has no weight yet (as
 * JSON may list names before weights) waits aside and moves into the slot when the weight comes.
 *
 * <p>It is a full {@link Map} (Jackson and the job's state codec read and write it as one); {@link DecayedWeight}
 * objects are made only where the Map view hands them out. Slots can be read directly ({@link #slots()},
 * {@link #keyAt}, {@link #valueAt}, {@link #asOfAt}, {@link #nameAt}) by the hot paths. Iteration order is the slot
 * order, which is not insertion order; nothing in the taste depends on an order. Null keys and values are refused.
 * Not thread-safe.
 */
public final class WeightMap extends AbstractMap<String, DecayedWeight> {
    private static final int MIN_CAPACITY = 16;

    private String[] keys;
    private int[] hashes;
    /**
     * Per slot its value (as raw double bits) and then its asOf time: side by side, so that updating a weight reads
     * and writes one cache line, not one in each of two arrays.
     */
    private long[] weights;
    /** Display names per slot; null where the key has none. */
    private String[] names;
    private int size;
    /** How many slots have a name. */
    private int named;
    /** Names put for keys without a weight (see the class comment); null while there are none. */
    private Map<String, String> waitingNames;
    private final DisplayNames namesView = new DisplayNames();

    public WeightMap() {
        allocate(MIN_CAPACITY);
    }

    private void allocate(int capacity) {
        keys = new String[capacity];
        hashes = new int[capacity];
        weights = new long[2 * capacity];
        names = new String[capacity];
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
            if (k == key || (hashes[i] == h && k.equals(key))) { // the taste's keys are shared instances
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
        return add(key, null, w, t, halfLife);
    }

    /**
     * {@link #add(String, double, long, HalfLife)}, and gives the key the display name {@code name} unless it has
     * one already (the first name seen stays); true when the key was new.
     */
    public boolean add(String key, String name, double w, long t, HalfLife halfLife) {
        int slot = find(key);
        if (slot >= 0) {
            long was = weights[2 * slot + 1];
            setWeight(slot, DecayedWeight.plusValue(value(slot), was, w, t, halfLife), DecayedWeight.plusAsOf(was, t));
            // every slot named (the usual case): no read of the names array, a cache line of its own
            if (name != null && named < size && names[slot] == null) {
                setName(slot, name);
            }
            return false;
        }
        insert(-slot - 1, key, name, w, t);
        return true;
    }

    private void insert(int slot, String key, String name, double value, long at) {
        if (waitingNames != null) {
            String waiting = waitingNames.remove(key);
            name = waiting != null ? waiting : name;
        }
        keys[slot] = key;
        hashes[slot] = key.hashCode();
        setWeight(slot, value, at);
        setName(slot, name); // the slot was empty
        if (++size * 2 > keys.length) {
            grow();
        }
    }

    private void grow() {
        String[] oldKeys = keys;
        int[] oldHashes = hashes;
        long[] oldWeights = weights;
        String[] oldNames = names;
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
                weights[2 * slot] = oldWeights[2 * i];
                weights[2 * slot + 1] = oldWeights[2 * i + 1];
                names[slot] = oldNames[i];
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
        return value(slot);
    }

    public long asOfAt(int slot) {
        return weights[2 * slot + 1];
    }

    private double value(int slot) {
        return Double.longBitsToDouble(weights[2 * slot]);
    }

    private DecayedWeight weightAt(int slot) {
        return new DecayedWeight(value(slot), weights[2 * slot + 1]);
    }

    private void setWeight(int slot, double value, long asOf) {
        weights[2 * slot] = Double.doubleToRawLongBits(value);
        weights[2 * slot + 1] = asOf;
    }

    /** Sets the slot's display name (null: none), keeping {@link #named}; returns the one it had. */
    private String setName(int slot, String name) {
        String old = names[slot];
        names[slot] = name;
        named += (name != null ? 1 : 0) - (old != null ? 1 : 0);
        return old;
    }

    /** The slot's weight decayed to {@code millis} (as {@link DecayedWeight#valueAt} gives it). */
    public double valueAt(int slot, long millis, HalfLife halfLife) {
        return DecayedWeight.valueAt(value(slot), weights[2 * slot + 1], millis, halfLife);
    }

    /** The display name of the slot's key, or null when it has none. */
    public String nameAt(int slot) {
        return names[slot];
    }

    /**
     * The display names of the keys, as a live {@code Map} from key to name (see the class comment): putting a name
     * for a key with a weight sets it, removing the weight removes the name.
     */
    public Map<String, String> names() {
        return namesView;
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
        return slot < 0 ? null : weightAt(slot);
    }

    @Override
    public DecayedWeight put(String key, DecayedWeight value) {
        if (key == null || value == null) {
            throw new NullPointerException("WeightMap takes no null keys or values");
        }
        int slot = find(key);
        if (slot >= 0) {
            DecayedWeight old = weightAt(slot);
            setWeight(slot, value.value(), value.asOfMillis());
            return old;
        }
        insert(-slot - 1, key, null, value.value(), value.asOfMillis());
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
        DecayedWeight old = weightAt(slot);
        removeSlot(slot);
        return old;
    }

    /** Deletes, name included, by shifting later entries of the probe run back, so that no tombstones are needed. */
    private void removeSlot(int slot) {
        setName(slot, null);
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
                weights[2 * hole] = weights[2 * i];
                weights[2 * hole + 1] = weights[2 * i + 1];
                names[hole] = names[i];
                hole = i;
            }
        }
        keys[hole] = null;
        setWeight(hole, 0, 0);
        names[hole] = null; // moved to an earlier slot, or cleared above
        size--;
    }

    @Override
    public void clear() {
        Arrays.fill(keys, null);
        size = 0;
        namesView.clear();
    }

    /** The {@link #names()} view. */
    private final class DisplayNames extends AbstractMap<String, String> {
        @Override
        public int size() {
            return named + (waitingNames == null ? 0 : waitingNames.size());
        }

        @Override
        public String get(Object key) {
            if (key == null) {
                return null;
            }
            int slot = find(key);
            if (slot >= 0) {
                return names[slot];
            }
            return waitingNames == null ? null : waitingNames.get(key);
        }

        @Override
        public boolean containsKey(Object key) {
            return get(key) != null;
        }

        @Override
        public String put(String key, String name) {
            if (key == null || name == null) {
                throw new NullPointerException("display names take no null keys or names");
            }
            int slot = find(key);
            if (slot < 0) {
                if (waitingNames == null) {
                    waitingNames = new HashMap<>();
                }
                return waitingNames.put(key, name);
            }
            return setName(slot, name);
        }

        @Override
        public String remove(Object key) {
            if (key == null) {
                return null;
            }
            int slot = find(key);
            if (slot < 0) {
                return waitingNames == null ? null : waitingNames.remove(key);
            }
            return setName(slot, null);
        }

        @Override
        public void clear() {
            Arrays.fill(names, null);
            named = 0;
            waitingNames = null;
        }

        @Override
        public Set<Map.Entry<String, String>> entrySet() {
            return new AbstractSet<>() {
                @Override
                public Iterator<Map.Entry<String, String>> iterator() {
                    List<Map.Entry<String, String>> entries = new ArrayList<>(size());
                    for (int slot = 0; slot < keys.length; slot++) {
                        if (names[slot] != null) {
                            entries.add(new SimpleImmutableEntry<>(keys[slot], names[slot]));
                        }
                    }
                    if (waitingNames != null) {
                        waitingNames.forEach((k, n) -> entries.add(new SimpleImmutableEntry<>(k, n)));
                    }
                    return Collections.unmodifiableList(entries).iterator();
                }

                @Override
                public int size() {
                    return DisplayNames.this.size();
                }
            };
        }
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
                                weightAt(next));
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
