package io.tastestream.taste.serialization;

import io.tastestream.core.event.WeightedTag;
import java.io.IOException;
import java.util.Arrays;
import java.util.List;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;

/**
 * Reads the artist tags that follow each event into the taste operator, handing out the list read before when the
 * bytes are the same: a popular artist's tags arrive with every play of it, and decoding them again (a string
 * look-up and a {@link WeightedTag} per tag, a list and its copy) was a twentieth of the taste operator's thread.
 * The tag block's bytes are compared in full, so a list is only reused for exactly the same tags. Slots by a hash of
 * the bytes; a newer list takes over its slot. One instance per thread (not thread-safe); lists are immutable.
 */
final class RecentTagLists {
    private static final int SLOTS = 4096;

    private final byte[][] blocks = new byte[SLOTS][];
    @SuppressWarnings("unchecked")
    private final List<WeightedTag>[] lists = new List[SLOTS];
    private final DataOutputSerializer scratch = new DataOutputSerializer(256);

    /** The tags {@link EventBinary#writeTags} wrote next in {@code in}, as an immutable list. */
    List<WeightedTag> read(DataInputView in) throws IOException {
        EventBinary.copyTags(in, scratch);
        byte[] bytes = scratch.getSharedBuffer();
        int length = scratch.length();
        int h = 1;
        for (int i = 0; i < length; i++) {
            h = 31 * h + bytes[i];
        }
        int slot = (h ^ (h >>> 12)) & (SLOTS - 1);
        byte[] block = blocks[slot];
        if (block != null && Arrays.equals(block, 0, block.length, bytes, 0, length)) {
            return lists[slot];
        }
        List<WeightedTag> tags = List.copyOf(EventBinary.readTags(new DataInputDeserializer(bytes, 0, length)));
        blocks[slot] = Arrays.copyOf(bytes, length);
        lists[slot] = tags;
        return tags;
    }
}
