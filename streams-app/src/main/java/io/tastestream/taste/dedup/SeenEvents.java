package io.tastestream.taste.dedup;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Map;
import java.util.TreeMap;
import net.jpountz.xxhash.XXHash64;
import net.jpountz.xxhash.XXHashFactory;

/**
 * The ids of one user's recently applied events, for the taste job's dedup: as 64-bit hashes, grouped by the
 * processing day they were first seen (days since the epoch, UTC), so that the job stores them as one small binary
 * value per day and a day's ids expire together.
 *
 * <p>All of a user's days are held at once: whether an event is new is then a look-up in memory, and only the days
 * that gained ids are written back. The taste job used to keep every id as its own RocksDB entry and ask RocksDB
 * about every event (a read and a write per event, through JNI and the TTL wrapper), which cost more CPU than
 * everything else per event together.
 *
 * <p>Hashes instead of the ids themselves: 8 bytes per event however long its id. Two different ids of one user
 * within the dedup window share a hash with probability about n²/2⁶⁵ for n ids in the window (below 10⁻¹¹ for
 * 10,000), and then the second would be dropped as a duplicate. XXH64 of the id's UTF-8 bytes, seed 0: a fixed,
 * documented function, so stored hashes stay valid across builds.
 *
 * <p>Not thread-safe; one instance per user.
 */
public final class SeenEvents {
    private static final XXHash64 XXH64 = XXHashFactory.fastestJavaInstance().hash64();
    private static final long MILLIS_PER_DAY = 86_400_000L;

    /** Day → the hashes first seen that day, in the first {@code count} slots. */
    private final TreeMap<Long, Day> days = new TreeMap<>();
    /** Every hash of every day, for the look-up: open addressing; 0 marks an empty slot (hash 0 is kept aside). */
    private long[] table = new long[16];
    private int size;
    private boolean hasZero;
    /** Some day gained hashes since {@link #markWritten}. */
    private boolean changed;
    /** The day that gained the latest hash, and its key: the next hash is almost always of the same day. */
    private Day latestDay;
    private long latestDayKey;

    private static final class Day {
        long[] hashes;
        int count;
        boolean changed;

        Day(long[] hashes, int count) {
            this.hashes = hashes;
            this.count = count;
        }

        void add(long hash) {
            if (count == hashes.length) {
                hashes = Arrays.copyOf(hashes, Math.max(8, count * 2));
            }
            hashes[count++] = hash;
            changed = true;
        }
    }

    /** The hash under which an event id is stored. */
    public static long hash(String eventId) {
        byte[] utf8 = eventId.getBytes(StandardCharsets.UTF_8);
        return XXH64.hash(utf8, 0, utf8.length, 0L);
    }

    /** The processing day of a processing time (ms since the epoch). */
    public static long dayOf(long processingMillis) {
        return Math.floorDiv(processingMillis, MILLIS_PER_DAY);
    }

    /** Reads the stored days ({@link #encode}d values by day); a value that is not whole hashes is refused. */
    public static SeenEvents decode(Iterable<Map.Entry<Long, byte[]>> stored) {
        SeenEvents seen = new SeenEvents();
        for (Map.Entry<Long, byte[]> e : stored) {
            byte[] bytes = e.getValue();
            if (bytes.length % Long.BYTES != 0) {
                throw new IllegalArgumentException("seen events of day " + e.getKey() + ": " + bytes.length
                        + " bytes is not a whole number of 8-byte hashes");
            }
            ByteBuffer in = ByteBuffer.wrap(bytes);
            long[] hashes = new long[bytes.length / Long.BYTES];
            for (int i = 0; i < hashes.length; i++) {
                hashes[i] = in.getLong();
                seen.index(hashes[i]);
            }
            seen.days.put(e.getKey(), new Day(hashes, hashes.length));
        }
        return seen;
    }

    /** A day's hashes as stored: 8 bytes each, big-endian, in the order they were seen. */
    public byte[] encode(long day) {
        Day d = days.get(day);
        ByteBuffer out = ByteBuffer.allocate(d == null ? 0 : d.count * Long.BYTES);
        for (int i = 0; d != null && i < d.count; i++) {
            out.putLong(d.hashes[i]);
        }
        return out.array();
    }

    /**
     * Whether any of the stored days holds {@code hash}: for a caller that reads the days per event rather than
     * holding a {@link SeenEvents} (a scan, no table built).
     */
    public static boolean containsIn(Iterable<byte[]> storedDays, long hash) {
        if (storedDays == null) {
            return false;
        }
        for (byte[] day : storedDays) {
            ByteBuffer in = ByteBuffer.wrap(day);
            while (in.remaining() >= Long.BYTES) {
                if (in.getLong() == hash) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A stored day ({@code null}: none yet) with {@code hash} added at its end. */
    public static byte[] append(byte[] storedDay, long hash) {
        byte[] day = storedDay == null ? new byte[0] : storedDay;
        return ByteBuffer.allocate(day.length + Long.BYTES).put(day).putLong(hash).array();
    }

    public boolean contains(long hash) {
        if (hash == 0) {
            return hasZero;
        }
        int mask = table.length - 1;
        for (int i = mix(hash) & mask; table[i] != 0; i = (i + 1) & mask) {
            if (table[i] == hash) {
                return true;
            }
        }
        return false;
    }

    /**
     * Records a hash first seen on {@code day}, unless it is known already: true when it was new. The day then
     * counts as changed until {@link #markWritten}.
     */
    public boolean add(long hash, long day) {
        if (contains(hash)) {
            return false;
        }
        index(hash);
        if (latestDay == null || latestDayKey != day) {
            latestDay = days.computeIfAbsent(day, d -> new Day(new long[8], 0));
            latestDayKey = day;
        }
        latestDay.add(hash);
        changed = true;
        return true;
    }

    /** Whether hashes were added since {@link #markWritten}. */
    public boolean hasChanges() {
        return changed;
    }

    /** The days with hashes added since {@link #markWritten}, oldest first. */
    public long[] changedDays() {
        return days.entrySet().stream().filter(e -> e.getValue().changed).mapToLong(Map.Entry::getKey).toArray();
    }

    public void markWritten() {
        days.values().forEach(d -> d.changed = false);
        changed = false;
    }

    /**
     * Forgets the days before {@code firstDayKept} (their ids are past the dedup window; the store expires them on
     * its own). Keeps memory bounded for a user who stays active, and so held, for longer than the window.
     */
    public void forgetBefore(long firstDayKept) {
        if (days.isEmpty() || days.firstKey() >= firstDayKept) {
            return;
        }
        days.headMap(firstDayKept).clear();
        if (latestDayKey < firstDayKept) {
            latestDay = null;
        }
        table = new long[16];
        size = 0;
        hasZero = false;
        for (Day d : days.values()) {
            for (int i = 0; i < d.count; i++) {
                index(d.hashes[i]);
            }
        }
    }

    /** How many hashes are held. */
    public int size() {
        return size + (hasZero ? 1 : 0);
    }

    private void index(long hash) {
        if (hash == 0) {
            hasZero = true;
            return;
        }
        if ((size + 1) * 2 > table.length) {
            long[] old = table;
            table = new long[old.length * 2];
            size = 0;
            for (long h : old) {
                if (h != 0) {
                    put(h);
                }
            }
        }
        put(hash);
    }

    private void put(long hash) {
        int mask = table.length - 1;
        int i = mix(hash) & mask;
        while (table[i] != 0) {
            if (table[i] == hash) {
                return;
            }
            i = (i + 1) & mask;
        }
        table[i] = hash;
        size++;
    }

    private static int mix(long hash) {
        return (int) (hash ^ (hash >>> 32));
    }
}
