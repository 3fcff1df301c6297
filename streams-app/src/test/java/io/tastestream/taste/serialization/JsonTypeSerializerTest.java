package io.tastestream.taste.serialization;

import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.records.TasteInput;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

class JsonTypeSerializerTest {

    private static <T> T roundTrip(Class<T> type, T value) throws IOException {
        TypeSerializer<T> serializer = RecordTypeInfo.json(type).createSerializer(new SerializerConfigImpl());
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        // copy() of the raw bytes must give the same stream
        // (DataOutputSerializer does not grow on write(DataInputView, n); Flink's network views do)
        DataOutputSerializer copied = new DataOutputSerializer(out.length());
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        return serializer.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()));
    }

    @Test
    void inFlightRecordsSurviveTheWire() throws IOException {
        TasteInput play = TasteInput.of(play("alice", "Sigur Rós", "Hoppípolla", 3));
        TasteInput tags = TasteInput.of(artistTags("Sigur Rós", "post-rock", 10));
        EnrichedEvent enriched = EnrichedEvent.of(play.play(), tags("post-rock", 10));
        TasteState state = new TasteState();
        state.applyPlay(play.play(), enriched.artistTags(), TasteSettings.defaults());
        TasteSnapshot snapshot = state.snapshot("alice", enriched.trigger(), TasteSettings.defaults());

        assertThat(roundTrip(TasteInput.class, play)).isEqualTo(play);
        assertThat(roundTrip(TasteInput.class, tags)).isEqualTo(tags);
        assertThat(roundTrip(EnrichedEvent.class, enriched)).isEqualTo(enriched);
        assertThat(roundTrip(TasteSnapshot.class, snapshot)).isEqualTo(snapshot);
        assertThat(roundTrip(TasteInput.class, null)).isNull();
    }

    @Test
    void onlyTheRecordComponentsAreWritten() {
        TasteInput play = TasteInput.of(play("alice", "Sigur Rós", "Hoppípolla", 3));
        String json = new String(io.tastestream.core.serde.JsonCodec.of(TasteInput.class).encode(play),
                StandardCharsets.UTF_8);
        assertThat(json).startsWith("{\"play\":{").doesNotContain("artistKey", "eventMillis", "userActivity");
    }

    @Test
    void snapshotRestoresTheSameSerializerAndIsCompatibleWithItself() throws IOException {
        TypeSerializerSnapshot<TasteInput> snapshot = new JsonTypeSerializer<>(TasteInput.class)
                .snapshotConfiguration();
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, snapshot);
        TypeSerializerSnapshot<TasteInput> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), getClass().getClassLoader());

        assertThat(restored.restoreSerializer()).isEqualTo(new JsonTypeSerializer<>(TasteInput.class));
        assertThat(snapshot.resolveSchemaCompatibility(restored).isCompatibleAsIs()).isTrue();
        TypeSerializerSnapshot<TasteInput> other = cast(new JsonTypeSerializer<>(EnrichedEvent.class)
                .snapshotConfiguration());
        assertThat(snapshot.resolveSchemaCompatibility(other).isIncompatible()).isTrue();
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> TypeSerializerSnapshot<T> cast(TypeSerializerSnapshot snapshot) {
        return snapshot;
    }

    @Test
    void rawRecordIsAFlinkPojoNotAKryoGeneric() {
        assertThat(TypeInformation.of(RawRecord.class)).isInstanceOf(PojoTypeInfo.class);
    }
}
