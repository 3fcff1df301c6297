package io.tastestream.taste.serialization;

import io.tastestream.taste.records.EnrichedEvent;
import java.io.IOException;
import org.apache.flink.api.common.typeutils.SimpleTypeSerializerSnapshot;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputView;
import org.apache.flink.core.memory.DataOutputView;

/**
 * {@link EnrichedEvent} in binary: a kind byte (0 play, 1 feedback), the event, the artist's tags. A forwarded play
 * is written as the bytes it came in, the same form; plays are always read decoded.
 */
public final class EnrichedEventSerializer extends ImmutableRecordSerializer<EnrichedEvent> {
    private static final long serialVersionUID = 1L;
    public static final EnrichedEventSerializer INSTANCE = new EnrichedEventSerializer();
    private static final byte PLAY = 0;
    private static final byte FEEDBACK = 1;

    @Override
    public void serialize(EnrichedEvent e, DataOutputView out) throws IOException {
        if (e.play() != null) {
            out.writeByte(PLAY);
            EventBinary.writePlay(e.play(), out);
        } else if (e.forwardedPlay() != null) {
            out.writeByte(PLAY);
            out.write(e.forwardedPlay().binary()); // the play's EventBinary form, as it arrived
        } else {
            out.writeByte(FEEDBACK);
            EventBinary.writeFeedback(e.feedback(), out);
        }
        EventBinary.writeTags(e.artistTags(), out);
    }

    @Override
    public EnrichedEvent deserialize(DataInputView in) throws IOException {
        byte kind = in.readByte();
        return switch (kind) {
            case PLAY -> EnrichedEvent.of(EventBinary.readPlay(in), EventBinary.readTags(in));
            case FEEDBACK -> EnrichedEvent.of(EventBinary.readFeedback(in), EventBinary.readTags(in));
            default -> throw new IOException("unknown EnrichedEvent kind " + kind);
        };
    }

    @Override
    public TypeSerializerSnapshot<EnrichedEvent> snapshotConfiguration() {
        return new Snapshot();
    }

    /** Stateless: restores as the same serializer. */
    public static final class Snapshot extends SimpleTypeSerializerSnapshot<EnrichedEvent> {
        public Snapshot() {
            super(() -> INSTANCE);
        }
    }
}
