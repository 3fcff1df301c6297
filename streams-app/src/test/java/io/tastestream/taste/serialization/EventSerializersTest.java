package io.tastestream.taste.serialization;

import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.feedback;
import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.TasteInput;
import java.time.Instant;
import java.util.List;
import org.apache.flink.api.common.serialization.SerializerConfigImpl;
import org.apache.flink.api.common.typeutils.TypeSerializer;
import org.apache.flink.api.common.typeutils.TypeSerializerSnapshot;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
import org.junit.jupiter.api.Test;

/** The binary in-flight serializers give back equal records of every kind, and their snapshots restore them. */
class EventSerializersTest {
    private static final PlayEvent FULL_PLAY = PlayEvent.of("alice", "Sigur Rós", "Hoppípolla", "Takk...",
            Instant.ofEpochSecond(1_700_000_000L, 123_456_789), 12_345, "spotify");
    private static final FeedbackEvent TRACK_BAN = FeedbackEvent.of("bob", FeedbackType.BAN,
            new ItemRef("Nickelback", "Photograph"), Instant.parse("2024-05-01T12:00:00.001Z"), "web");

    @Test
    void enrichedEventsRoundTrip() throws Exception {
        for (EnrichedEvent e : List.of(
                EnrichedEvent.of(FULL_PLAY, tags("post-rock", 10, "icelandic", 2.5)),
                EnrichedEvent.of(play("carol", "Björk", "Joga", 3), List.of()),
                EnrichedEvent.of(feedback("dan", FeedbackType.LIKE, "Mogwai", 1), tags("post rock", 1)),
                EnrichedEvent.of(TRACK_BAN, List.of()))) {
            assertThat(roundTrip(RecordTypeInfo.ENRICHED_EVENT.createSerializer(new SerializerConfigImpl()), e))
                    .isEqualTo(e);
        }
    }

    @Test
    void stringsOfEveryLengthAndScriptRoundTrip() throws Exception {
        // lengths on both sides of each extra byte of the length prefix (127, 16,383), characters of 1 to 4 UTF-8
        // bytes, and an absent field (the album of the empty case)
        int[] codePoints = "aé€😀".codePoints().toArray();
        for (int length : new int[] {0, 1, 126, 127, 128, 16_383, 16_384, 70_000}) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; text.length() < length; i++) {
                text.appendCodePoint(codePoints[i % codePoints.length]);
            }
            String album = length == 0 ? null : text.toString();
            PlayEvent play = PlayEvent.of("alice", "Sigur Rós", "track " + album, album,
                    Instant.ofEpochSecond(1_700_000_000L), 0, "spotify");
            EnrichedEvent e = EnrichedEvent.of(play, tags("tag " + album, 1));
            assertThat(roundTrip(EnrichedEventSerializer.INSTANCE, e)).as("length %d", length).isEqualTo(e);
            assertThat(throughBothHops(play, tags("tag " + album, 1))).as("length %d", length).isEqualTo(e);
        }
    }

    /** Source to enrichment (the play stays encoded), enrichment to the taste operator (decoded there). */
    private static EnrichedEvent throughBothHops(PlayEvent play, List<WeightedTag> tags) throws Exception {
        TasteInput arrived = roundTrip(TasteInputSerializer.INSTANCE.duplicate(), TasteInput.of(play));
        assertThat(arrived.play()).as("not decoded in the enrichment step").isNull();
        assertThat(arrived.forwardedPlay()).isNotNull();
        assertThat(arrived.artistKey()).isEqualTo(TasteInput.of(play).artistKey());
        EnrichedEvent passedOn = EnrichedEvent.of(arrived.forwardedPlay(), tags);
        assertThat(passedOn.userId()).isEqualTo(play.userId());
        return roundTrip(EnrichedEventSerializer.INSTANCE, passedOn);
    }

    @Test
    void aPlayCrossesBothHopsUnchanged() throws Exception {
        for (PlayEvent play : List.of(FULL_PLAY, play("carol", "Björk", "Joga", 3),
                PlayEvent.of("dave", "  The  Mountain Goats ", "No Children", null, Instant.EPOCH, 0, "lastfm"))) {
            List<WeightedTag> tags = tags("post-rock", 10, "icelandic", 2.5);
            assertThat(throughBothHops(play, tags)).isEqualTo(EnrichedEvent.of(play, tags));
        }
    }

    @Test
    void tasteInputsRoundTrip() throws Exception {
        for (TasteInput in : List.of(TasteInput.of(TRACK_BAN),
                TasteInput.of(artistTags("Mogwai", "post-rock", 100, "scottish", 40)),
                TasteInput.of(artistTags("Nobody")))) {
            assertThat(roundTrip(RecordTypeInfo.TASTE_INPUT.createSerializer(new SerializerConfigImpl()), in))
                    .isEqualTo(in);
        }
    }

    @Test
    void snapshotsRestoreACompatibleSerializer() throws Exception {
        for (TypeSerializer<?> serializer : List.of(EnrichedEventSerializer.INSTANCE, TasteInputSerializer.INSTANCE)) {
            restoresCompatible(serializer);
        }
    }

    private static <T> void restoresCompatible(TypeSerializer<T> serializer) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TypeSerializerSnapshot.writeVersionedSnapshot(out, serializer.snapshotConfiguration());
        TypeSerializerSnapshot<T> restored = TypeSerializerSnapshot.readVersionedSnapshot(
                new DataInputDeserializer(out.getCopyOfBuffer()), EventSerializersTest.class.getClassLoader());
        assertThat(restored.restoreSerializer()).isEqualTo(serializer);
        assertThat(serializer.snapshotConfiguration().resolveSchemaCompatibility(restored).isCompatibleAsIs())
                .isTrue();
    }

    private static <T> T roundTrip(TypeSerializer<T> serializer, T value) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        serializer.serialize(value, out);
        DataInputDeserializer in = new DataInputDeserializer(out.getCopyOfBuffer());
        T back = serializer.deserialize(in);
        assertThat(in.available()).as("bytes left over").isZero();
        // copy(DataInputView, DataOutputView) moves the same bytes
        DataOutputSerializer copied = new DataOutputSerializer(64);
        serializer.copy(new DataInputDeserializer(out.getCopyOfBuffer()), copied);
        assertThat(copied.getCopyOfBuffer()).isEqualTo(out.getCopyOfBuffer());
        return back;
    }
}
