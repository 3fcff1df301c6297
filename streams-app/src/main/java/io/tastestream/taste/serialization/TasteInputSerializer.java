package io.tastestream.taste.serialization;

import io.tastestream.taste.records.ForwardedPlay;
import io.tastestream.taste.records.TasteInput;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link TasteInput} in binary: a kind byte (0 play, 1 feedback, 2 item tags), then the event. A play is read back
 * as a {@link ForwardedPlay}: the enrichment step, the only reader, keys by its artist key, routes by its user id and
 * passes the rest on unread ({@link EnrichedEventSerializer} writes it as it came).
 */
public final class TasteInputSerializer extends ImmutableRecordSerializer<TasteInput> {
    private static final long serialVersionUID = 1L;
    public static final TasteInputSerializer INSTANCE = new TasteInputSerializer();

    /**
     * The track of a play this serializer read as a {@link ForwardedPlay} (decoded from its bytes only when asked:
     * the enrichment step needs it only for artists with track-level tags); null when the play has none.
     */
    public static String forwardedTrack(ForwardedPlay play) {
        try {
            return EventBinary.trackOf(play);
        } catch (IOException e) {
            throw new IllegalStateException("forwarded play of user " + play.userId() + " unreadable", e);
        }
    }
    private static final byte PLAY = 0;
    private static final byte FEEDBACK = 1;
    private static final byte ITEM_TAGS = 2;

    /** Where a play's bytes are gathered when it is read; per thread (see {@link #duplicate}). */
    private transient DataOutputSerializer playBytes;

    /** Not stateless: each thread gets its own buffer. */
    @Override
    public TypeSerializer<TasteInput> duplicate() {
        return new TasteInputSerializer();
    }

    @Override
    public void serialize(TasteInput e, DataOutputView out) throws IOException {
        if (e.play() != null) {
            out.writeByte(PLAY);
            EventBinary.writePlay(e.play(), out);
        } else if (e.forwardedPlay() != null) {
            out.writeByte(PLAY);
            out.write(e.forwardedPlay().binary());
        } else if (e.feedback() != null) {
            out.writeByte(FEEDBACK);
            EventBinary.writeFeedback(e.feedback(), out);
        } else {
            out.writeByte(ITEM_TAGS);
            EventBinary.writeItemTags(e.itemTags(), out);
        }
    }

    @Override
    public TasteInput deserialize(DataInputView in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case PLAY -> TasteInput.of(EventBinary.readForwardedPlay(in, playBytes()));
            case FEEDBACK -> TasteInput.of(EventBinary.readFeedback(in));
            case ITEM_TAGS -> TasteInput.of(EventBinary.readItemTags(in));
            default -> throw new IOException("unknown TasteInput kind " + kind);
        };
    }

    private DataOutputSerializer playBytes() {
        if (playBytes == null) {
            playBytes = new DataOutputSerializer(128);
        }
        return playBytes;
    }

    @Override
    public TypeSerializerSnapshot<TasteInput> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Stateless: restores as the same serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<TasteInput> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
