package io.tastestream.taste.serialization;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;
import org.apache.flink.types.StringValue;

/**
 * Field-by-field binary form of the core events, for records that travel between the taste job's operators (not for
 * Kafka or for state: those stay JSON and {@link io.tastestream.taste.state.TasteStateCodec}). Several times cheaper
 * than JSON to write and read, which matters because every play crosses two network shuffles. Reading goes through
 * the records' constructors, so the same checks apply as to decoded JSON. Strings may be null (Flink's
 * {@link StringValue} encoding); instants keep seconds and nanos exactly.
 */
final class EventBinary {
    private EventBinary() {}

    static void writePlay(PlayEvent p, DataOutputView out) throws IOException {
        out.writeInt(p.schemaVersion());
        StringValue.writeString(p.playId(), out);
        StringValue.writeString(p.userId(), out);
        StringValue.writeString(p.artist(), out);
        StringValue.writeString(p.track(), out);
        StringValue.writeString(p.album(), out);
        writeInstant(p.playedAt(), out);
        out.writeLong(p.msPlayed());
        StringValue.writeString(p.source(), out);
    }

    static PlayEvent readPlay(DataInputView in) throws IOException {
        return new PlayEvent(in.readInt(), StringValue.readString(in), StringValue.readString(in),
                StringValue.readString(in), StringValue.readString(in), StringValue.readString(in), readInstant(in),
                in.readLong(), StringValue.readString(in));
    }

    static void writeFeedback(FeedbackEvent f, DataOutputView out) throws IOException {
        out.writeInt(f.schemaVersion());
        StringValue.writeString(f.userId(), out);
        StringValue.writeString(f.type().name(), out);
        writeItem(f.item(), out);
        writeInstant(f.at(), out);
        StringValue.writeString(f.source(), out);
    }

    static FeedbackEvent readFeedback(DataInputView in) throws IOException {
        return new FeedbackEvent(in.readInt(), StringValue.readString(in),
                FeedbackType.valueOf(StringValue.readString(in)), readItem(in), readInstant(in),
                StringValue.readString(in));
    }

    static void writeItemTags(ItemTagsEvent t, DataOutputView out) throws IOException {
        out.writeInt(t.schemaVersion());
        writeItem(t.item(), out);
        writeTags(t.tags(), out);
        StringValue.writeString(t.source(), out);
        writeInstant(t.at(), out);
    }

    static ItemTagsEvent readItemTags(DataInputView in) throws IOException {
        return new ItemTagsEvent(in.readInt(), readItem(in), readTags(in), StringValue.readString(in),
                readInstant(in));
    }

    static void writeTags(List<WeightedTag> tags, DataOutputView out) throws IOException {
        out.writeInt(tags.size());
        for (WeightedTag t : tags) {
            StringValue.writeString(t.tag(), out);
            out.writeDouble(t.weight());
        }
    }

    static List<WeightedTag> readTags(DataInputView in) throws IOException {
        int n = in.readInt();
        List<WeightedTag> tags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tags.add(new WeightedTag(StringValue.readString(in), in.readDouble()));
        }
        return tags;
    }

    private static void writeItem(ItemRef item, DataOutputView out) throws IOException {
        StringValue.writeString(item.artist(), out);
        StringValue.writeString(item.track(), out);
    }

    private static ItemRef readItem(DataInputView in) throws IOException {
        return new ItemRef(StringValue.readString(in), StringValue.readString(in));
    }

    private static void writeInstant(Instant at, DataOutputView out) throws IOException {
        out.writeLong(at.getEpochSecond());
        out.writeInt(at.getNano());
    }

    private static Instant readInstant(DataInputView in) throws IOException {
        return Instant.ofEpochSecond(in.readLong(), in.readInt());
    }
}
