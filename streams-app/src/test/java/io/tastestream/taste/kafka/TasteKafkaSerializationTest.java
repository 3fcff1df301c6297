package io.tastestream.taste.kafka;

import static io.tastestream.taste.testing.TestEvents.play;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.records.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;

class TasteKafkaSerializationTest {

    @Test
    void snapshotIsKeyedByUserAndStampedWithItsAsOf() {
        var play = play("alice", "Radiohead", "Reckoner", 5);
        TasteState state = new TasteState();
        state.applyPlay(play, List.of(), TasteSettings.defaults());
        TasteSnapshot snapshot = state.snapshot("alice", Trigger.of(play), TasteSettings.defaults());

        var record = new TasteSnapshotSerializer().serialize(snapshot, null, 0L);

        assertThat(record.topic()).isEqualTo(Topics.TASTE.name());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("alice");
        assertThat(record.timestamp()).isEqualTo(play.playedAt().toEpochMilli());
        assertThat(TasteSnapshot.SERDE.decode(record.value())).isEqualTo(snapshot);
    }

    @Test
    void aSnapshotDatedAheadOfTheClockIsStampedWithTheClockWhichTheBrokerAccepts() {
        var play = PlayEvent.of("erin", "Low", "Words", null, Instant.now().plusSeconds(1800), 0, "test");
        TasteState state = new TasteState();
        state.applyPlay(play, List.of(), TasteSettings.defaults());
        long before = System.currentTimeMillis();
        var record = new TasteSnapshotSerializer().serialize(
                state.snapshot("erin", Trigger.of(play), TasteSettings.defaults()), null, 0L);
        assertThat(record.timestamp()).isBetween(before, System.currentTimeMillis());
    }

    @Test
    void deadLetterKeepsTheOriginalKeyAndCarriesTheReasonInAHeader() {
        DeadLetter letter = DeadLetter.of("taste-job", Topics.PLAYS.name(), 2, 17,
                "bob".getBytes(StandardCharsets.UTF_8), "oops".getBytes(StandardCharsets.UTF_8),
                "PlayEvent: not valid JSON", Instant.parse("2024-05-01T00:00:00Z"));

        var record = new DeadLetterSerializer().serialize(letter, null, 0L);

        assertThat(record.topic()).isEqualTo(Topics.DEAD_LETTERS.name());
        assertThat(new String(record.key(), StandardCharsets.UTF_8)).isEqualTo("bob");
        assertThat(new String(record.headers().lastHeader(DeadLetter.REASON_HEADER).value(), StandardCharsets.UTF_8))
                .isEqualTo("PlayEvent: not valid JSON");
        assertThat(DeadLetter.SERDE.decode(record.value())).isEqualTo(letter);
    }

    @Test
    void rawRecordKeepsCoordinatesAndBytes() throws Exception {
        var consumed = new ConsumerRecord<>(Topics.FEEDBACK.name(), 3, 99L, "k".getBytes(StandardCharsets.UTF_8),
                "v".getBytes(StandardCharsets.UTF_8));
        List<RawRecord> out = new ArrayList<>();
        new RawRecordDeserializer().deserialize(consumed, new Collector<>() {
            @Override
            public void collect(RawRecord record) {
                out.add(record);
            }

            @Override
            public void close() {}
        });

        assertThat(out).singleElement().satisfies(r -> {
            assertThat(r.topic()).isEqualTo(Topics.FEEDBACK.name());
            assertThat(r.partition()).isEqualTo(3);
            assertThat(r.offset()).isEqualTo(99L);
            assertThat(r.key()).asString(StandardCharsets.UTF_8).isEqualTo("k");
            assertThat(r.value()).asString(StandardCharsets.UTF_8).isEqualTo("v");
        });
    }
}
