package io.tastestream.taste.serialization;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.taste.records.ForwardedPlay;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * Field-by-field binary form of the core events, for records that travel between the taste job's operators (not for
 * Kafka or for state: those stay JSON and {@link io.tastestream.taste.state.TasteStateCodec}). Several times cheaper
 * than JSON to write and read, which matters because every play crosses two network shuffles. Reading goes through
 * the records' constructors, so the same checks apply as to decoded JSON. Strings may be null; instants keep seconds
 * and nanos exactly.
 *
 * <p>Strings are their UTF-8 bytes after a variable-length count (null = 0, otherwise length + 1), written and read
 * as one block. Flink's {@code StringValue} writes and reads a string a character at a time and looks a buffer up in
 * a thread-local on every read: that was a quarter of the enrich operator's time and a twelfth of the taste
 * operator's. Records of this form only cross the network between operators (never state or Kafka, and
 * checkpoints are aligned, so none are stored in flight): the form can change between builds.
 */
final class EventBinary {
    private EventBinary() {}

    static void writePlay(PlayEvent p, DataOutputView out) throws IOException {
        out.writeInt(p.schemaVersion());
        writeString(p.playId(), out);
        writeString(p.userId(), out);
        writeString(p.artist(), out);
        writeString(p.track(), out);
        writeString(p.album(), out);
        writeInstant(p.playedAt(), out);
        out.writeLong(p.msPlayed());
        writeString(p.source(), out);
    }

    /**
     * Reads a play that {@link #writePlay} wrote as a {@link ForwardedPlay}: its user id and artist key decoded, and
     * all its bytes copied as they are (through {@code scratch}, which is cleared first) without decoding the other
     * fields, for a step that only routes the play on.
     */
    static ForwardedPlay readForwardedPlay(DataInputView in, DataOutputSerializer scratch) throws IOException {
        scratch.clear();
        scratch.writeInt(in.readInt()); // schema version
        copyString(in, scratch); // play id
        byte[] userId = readUtf8(in);
        writeUtf8(userId, scratch);
        byte[] artist = readUtf8(in);
        writeUtf8(artist, scratch);
        copyString(in, scratch); // track
        copyString(in, scratch); // album
        copy(in, Long.BYTES + Integer.BYTES + Long.BYTES, scratch); // played at (seconds, nanos), ms played
        copyString(in, scratch); // source
        if (userId == null || artist == null) {
            throw new IOException("a play without user or artist cannot be forwarded");
        }
        return new ForwardedPlay(new String(userId, StandardCharsets.UTF_8), Names.key(shared(artist)),
                scratch.getCopyOfBuffer());
    }

    /** The track of a play that {@link #readForwardedPlay} forwarded, read from its bytes; null when it has none. */
    static String trackOf(ForwardedPlay play) throws IOException {
        DataInputDeserializer in = new DataInputDeserializer(play.binary());
        in.readInt(); // schema version
        skipString(in); // play id
        skipString(in); // user id
        skipString(in); // artist
        return readString(in);
    }

    private static void skipString(DataInputView in) throws IOException {
        int count = readCount(in);
        if (count > 1) {
            in.skipBytesToRead(count - 1);
        }
    }

    static PlayEvent readPlay(DataInputView in) throws IOException {
        return new PlayEvent(in.readInt(), readString(in), readSharedString(in),
                readSharedString(in), readString(in), readString(in), readInstant(in),
                in.readLong(), readString(in));
    }

    static void writeFeedback(FeedbackEvent f, DataOutputView out) throws IOException {
        out.writeInt(f.schemaVersion());
        writeString(f.userId(), out);
        writeString(f.type().name(), out);
        writeItem(f.item(), out);
        writeInstant(f.at(), out);
        writeString(f.source(), out);
    }

    static FeedbackEvent readFeedback(DataInputView in) throws IOException {
        return new FeedbackEvent(in.readInt(), readSharedString(in),
                FeedbackType.valueOf(readString(in)), readItem(in), readInstant(in),
                readString(in));
    }

    static void writeItemTags(ItemTagsEvent t, DataOutputView out) throws IOException {
        out.writeInt(t.schemaVersion());
        writeItem(t.item(), out);
        writeTags(t.tags(), out);
        writeString(t.source(), out);
        writeInstant(t.at(), out);
    }

    static ItemTagsEvent readItemTags(DataInputView in) throws IOException {
        return new ItemTagsEvent(in.readInt(), readItem(in), readTags(in), readString(in),
                readInstant(in));
    }

    static void writeTags(List<WeightedTag> tags, DataOutputView out) throws IOException {
        out.writeInt(tags.size());
        for (WeightedTag t : tags) {
            writeString(t.tag(), out);
            out.writeDouble(t.weight());
        }
    }

    static List<WeightedTag> readTags(DataInputView in) throws IOException {
        int n = in.readInt();
        List<WeightedTag> tags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tags.add(new WeightedTag(readSharedString(in), in.readDouble()));
        }
        return tags;
    }

    private static void writeItem(ItemRef item, DataOutputView out) throws IOException {
        writeString(item.artist(), out);
        writeString(item.track(), out);
    }

    private static ItemRef readItem(DataInputView in) throws IOException {
        return new ItemRef(readSharedString(in), readString(in));
    }

    private static void writeInstant(Instant at, DataOutputView out) throws IOException {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }

    static void writeString(String s, DataOutputView out) throws IOException {
        writeUtf8(s == null ? null : s.getBytes(StandardCharsets.UTF_8), out);
    }

    private static void writeUtf8(byte[] utf8, DataOutputView out) throws IOException {
        if (utf8 == null) {
            writeCount(0, out);
            return;
        }
        writeCount(utf8.length + 1, out);
        out.write(utf8);
    }

    /** Moves one string from {@code in} to {@code out} as it is, without decoding it. */
    private static void copyString(DataInputView in, DataOutputSerializer out) throws IOException {
        int count = readCount(in);
        writeCount(count, out);
        if (count > 1) {
            copy(in, count - 1, out);
        }
    }

    /** Moves {@code n} bytes; {@code out} grows as needed (its copy from an input view would not). */
    private static void copy(DataInputView in, int n, DataOutputSerializer out) throws IOException {
        if (out.getSharedBuffer().length - out.length() >= n) {
            out.write(in, n);
        } else {
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            out.write(bytes);
        }
    }

    /**
     * A name that the reading operator looks up (a user id, an artist, a tag): one read recently with the same bytes
     * comes back as that same instance ({@link #RECENT}).
     */
    static String readSharedString(DataInputView in) throws IOException {
        return shared(readUtf8(in));
    }

    /** The string of these UTF-8 bytes, as {@link #readSharedString} hands it out. */
    private static String shared(byte[] utf8) {
        if (utf8 == null || utf8.length > MAX_RECENT_BYTES) {
            return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
        }
        int h = Arrays.hashCode(utf8);
        int slot = (h ^ (h >>> 14)) & (RECENT_SLOTS - 1);
        RecentString recent = RECENT[slot];
        if (recent != null && Arrays.equals(recent.utf8, utf8)) {
            return recent.value;
        }
        String value = new String(utf8, StandardCharsets.UTF_8);
        RECENT[slot] = new RecentString(utf8, value);
        return value;
    }

    /** Any other string: a new instance (a play id is new in every record, and tracks are only carried along). */
    static String readString(DataInputView in) throws IOException {
        byte[] utf8 = readUtf8(in);
        return utf8 == null ? null : new String(utf8, StandardCharsets.UTF_8);
    }

    private static byte[] readUtf8(DataInputView in) throws IOException {
        int count = readCount(in);
        if (count == 0) {
            return null;
        }
        byte[] utf8 = new byte[count - 1];
        in.readFully(utf8);
        return utf8;
    }

    /**
     * Names read recently, by their bytes, in slots chosen by a hash of the bytes (a newer name takes over its
     * slot). Every play brings its user, artist and the artist's tags again, and the operators look each one up
     * (the key of the keyed stream, the key memo in {@code Names}, the users' weights): handed the instance read
     * before, those look-ups find their key by reference, with its hash already computed. Shared by all threads: a
     * slot holds one immutable pair (final fields), so a reader sees either the old or the new pair, never a mix;
     * about 10 MB at most.
     */
    private static final int RECENT_SLOTS = 1 << 16;
    /** Longer strings (few names are) are read as new ones. */
    private static final int MAX_RECENT_BYTES = 64;
    private static final RecentString[] RECENT = new RecentString[RECENT_SLOTS];

    private record RecentString(byte[] utf8, String value) {}

    /** A non-negative int in 7-bit groups, low group first; the high bit of a byte says another one follows. */
    private static void writeCount(int n, DataOutputView out) throws IOException {
        while ((n & ~0x7F) != 0) {
            out.writeByte((n & 0x7F) | 0x80);
            n >>>= 7;
        }
        out.writeByte(n);
    }

    private static int readCount(DataInputView in) throws IOException {
        int n = 0;
        for (int shift = 0; shift < 32; shift += 7) {
            byte b = in.readByte();
            n |= (b & 0x7F) << shift;
            if (b >= 0) {
                return n;
            }
        }
        throw new IOException("malformed string length");
    }
}
