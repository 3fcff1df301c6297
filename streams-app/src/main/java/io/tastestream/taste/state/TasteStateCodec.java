package io.tastestream.taste.state;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.taste.DecayedWeight;
import io.tastestream.core.taste.HalfLife;
import io.tastestream.core.taste.TasteState;
import io.tastestream.core.taste.WeightMap;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * How the taste job stores a user's {@link TasteState} in RocksDB: a compact binary form, about a quarter of the
 * JSON, and several times faster to read and write (the job reads it on a user's first event after a snapshot and
 * writes it once per snapshot or checkpoint).
 *
 * <p>Layout (version 2): a version byte, latest event time, events applied; then tags and artists as (display name
 * or key, value) with every weight decayed to the latest event time, so no per-weight time is stored (mathematically
 * the same weight; rounding moves it by about one ulp); then recent plays, likes, skips and ban decisions. A key is
 * not stored when the display name gives it back ({@link Names#key}, {@link Names#tagKey}).
 *
 * <p>Schema evolution: state that starts with {@code '{'} is the JSON that earlier builds stored (the core codec,
 * tolerant of missing and unknown fields), so their checkpoints and savepoints restore as is. A later layout gets
 * a new version byte and a branch in {@link #decode}; old versions stay readable.
 */
public final class TasteStateCodec {
    static final int VERSION = 2;
    /** How a weight's identity is written: the key only, the display name only (key derived), or both. */
    private static final int KEY = 0;
    private static final int NAME = 1;
    private static final int KEY_AND_NAME = 2;

    /** Names.key/tagKey normalise Unicode and run regexes: too slow for every weight of every event, so memoised. */
    private static final int MAX_MEMOISED = 100_000;

    private final HalfLife halfLife;
    private final Map<String, String> artistKeys = new HashMap<>();
    private final Map<String, String> tagKeys = new HashMap<>();
    private final UnaryOperator<String> artistKey = name -> memoised(artistKeys, name, Names::key);
    private final UnaryOperator<String> tagKey = name -> memoised(tagKeys, name, Names::tagKey);

    /** Not thread-safe (memoised keys): one codec per operator instance. */
    public TasteStateCodec(HalfLife halfLife) {
        this.halfLife = halfLife;
    }

    private static String memoised(Map<String, String> keys, String name, UnaryOperator<String> keyOf) {
        String key = keys.get(name);
        if (key == null) {
            if (keys.size() >= MAX_MEMOISED) {
                keys.clear(); // a bound, not an LRU: names repeat heavily, so refilling is cheap
            }
            key = keyOf.apply(name);
            keys.put(name, key);
        }
        return key;
    }

    public byte[] encode(TasteState s) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream(1024);
            DataOutputStream out = new DataOutputStream(bytes);
            out.writeByte(VERSION);
            out.writeLong(s.latestMillis);
            writeVarLong(out, s.eventsApplied);
            writeWeights(out, s.tags, tagKey, s.latestMillis);
            writeWeights(out, s.artists, artistKey, s.latestMillis);
            writeVarLong(out, s.recentPlays.size());
            for (RecentPlay p : s.recentPlays) {
                out.writeUTF(p.artist());
                out.writeBoolean(p.track() != null);
                if (p.track() != null) {
                    out.writeUTF(p.track());
                }
                writeVarLong(out, s.latestMillis - p.playedAt().toEpochMilli());
            }
            writeTimes(out, s.liked);
            writeTimes(out, s.skipped);
            writeTimes(out, s.banDecisions);
            out.flush();
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode taste state", e);
        }
    }

    public TasteState decode(byte[] bytes) {
        if (bytes.length > 0 && bytes[0] == '{') {
            return TasteState.SERDE.decode(bytes);
        }
        try {
            DataInputStream in = new DataInputStream(new java.io.ByteArrayInputStream(bytes));
            int version = in.readUnsignedByte();
            if (version != VERSION) {
                throw new IllegalStateException("taste state version " + version + " is newer than this build "
                        + "reads (" + VERSION + "); run the newer build or restore an older savepoint");
            }
            TasteState s = new TasteState();
            s.latestMillis = in.readLong();
            s.eventsApplied = readVarLong(in);
            readWeights(in, s.tags, tagKey, s.latestMillis);
            readWeights(in, s.artists, artistKey, s.latestMillis);
            int plays = (int) readVarLong(in);
            List<RecentPlay> recent = new ArrayList<>(plays);
            for (int i = 0; i < plays; i++) {
                String artist = in.readUTF();
                String track = in.readBoolean() ? in.readUTF() : null;
                recent.add(new RecentPlay(artist, track, Instant.ofEpochMilli(s.latestMillis - readVarLong(in))));
            }
            s.recentPlays = recent;
            readTimes(in, s.liked);
            readTimes(in, s.skipped);
            readTimes(in, s.banDecisions);
            return s;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode taste state (" + bytes.length + " bytes)", e);
        }
    }

    private void writeWeights(DataOutputStream out, WeightMap weights, UnaryOperator<String> keyOf, long latest)
            throws IOException {
        writeVarLong(out, weights.size());
        for (int slot = 0; slot < weights.slots(); slot++) {
            String key = weights.keyAt(slot);
            if (key == null) {
                continue;
            }
            String name = weights.nameAt(slot);
            if (name == null) {
                out.writeByte(KEY);
                out.writeUTF(key);
            } else if (key.equals(keyOf.apply(name))) {
                out.writeByte(NAME);
                out.writeUTF(name);
            } else {
                out.writeByte(KEY_AND_NAME);
                out.writeUTF(key);
                out.writeUTF(name);
            }
            out.writeDouble(weights.valueAt(slot, latest, halfLife));
        }
    }

    private static void readWeights(DataInputStream in, WeightMap weights, UnaryOperator<String> keyOf, long latest)
            throws IOException {
        int n = (int) readVarLong(in);
        for (int i = 0; i < n; i++) {
            int kind = in.readUnsignedByte();
            String key;
            String name = null;
            switch (kind) {
                case KEY -> key = in.readUTF();
                case NAME -> {
                    name = in.readUTF();
                    key = keyOf.apply(name);
                }
                case KEY_AND_NAME -> {
                    key = in.readUTF();
                    name = in.readUTF();
                }
                default -> throw new IOException("unknown weight kind " + kind);
            }
            weights.put(key, new DecayedWeight(in.readDouble(), latest));
            if (name != null) {
                weights.names().put(key, name);
            }
        }
    }

    private static void writeTimes(DataOutputStream out, Map<String, Long> times) throws IOException {
        writeVarLong(out, times.size());
        for (Map.Entry<String, Long> e : times.entrySet()) {
            out.writeUTF(e.getKey());
            out.writeLong(e.getValue());
        }
    }

    private static void readTimes(DataInputStream in, Map<String, Long> times) throws IOException {
        int n = (int) readVarLong(in);
        for (int i = 0; i < n; i++) {
            times.put(in.readUTF(), in.readLong());
        }
    }

    /** Unsigned LEB128; callers only write non-negative numbers. */
    private static void writeVarLong(DataOutputStream out, long v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("negative " + v);
        }
        while ((v & ~0x7FL) != 0) {
            out.writeByte((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.writeByte((int) v);
    }

    private static long readVarLong(DataInputStream in) throws IOException {
        long v = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            int b = in.readUnsignedByte();
            v |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return v;
            }
        }
        throw new IOException("malformed varint");
    }
}
