package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.feedback;
import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.raw;
import static io.tastestream.taste.testing.TestEvents.rawText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.records.TasteInput;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.OneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class ParseFunctionTest {
    private OneInputStreamOperatorTestHarness<RawRecord, TasteInput> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forProcessFunction(new ParseFunction());
        harness.setProcessingTime(NOW.toEpochMilli());
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    /** The wall clock of these tests: after every event of TestEvents. */
    private static final Instant NOW = Instant.parse("2025-01-01T00:00:00Z");

    private List<DeadLetter> deadLetters() {
        var side = harness.getSideOutput(ParseFunction.DEAD_LETTERS);
        return side == null ? List.of() : side.stream().map(StreamRecord::getValue).toList();
    }

    @Test
    void goodRecordsOfEachTopicPassAsTheirEvent() throws Exception {
        var play = play("alice", "Radiohead", "Reckoner", 0);
        var like = feedback("alice", FeedbackType.LIKE, "Radiohead", 1);
        var tags = artistTags("Radiohead", "rock", 10);

        harness.processElement(raw(play, 1), 0);
        harness.processElement(raw(like, 2), 0);
        harness.processElement(raw(tags, 3), 0);

        assertThat(harness.extractOutputValues())
                .containsExactly(TasteInput.of(play), TasteInput.of(like), TasteInput.of(tags));
        assertThat(deadLetters()).isEmpty();
    }

    @Test
    void garbageBecomesADeadLetterWithTheReasonAndCoordinates() throws Exception {
        harness.processElement(rawText(Topics.PLAYS.name(), "alice", "{not json", 42), 0);

        assertThat(harness.extractOutputValues()).isEmpty();
        assertThat(deadLetters()).singleElement().satisfies(letter -> {
            assertThat(letter.stage()).isEqualTo("taste-job");
            assertThat(letter.sourceTopic()).isEqualTo(Topics.PLAYS.name());
            assertThat(letter.offset()).isEqualTo(42);
            assertThat(letter.key()).isEqualTo("alice");
            assertThat(letter.value()).isEqualTo("{not json");
            assertThat(letter.reason()).startsWith("PlayEvent: not valid JSON");
        });
    }

    @Test
    void invalidEventNamesTheField() throws Exception {
        harness.processElement(rawText(Topics.FEEDBACK.name(), "bob",
                "{\"userId\":\"bob\",\"type\":\"LIKE\",\"at\":\"2024-05-01T12:00:00Z\"}", 7), 0);
        harness.processElement(rawText(Topics.ITEM_TAGS.name(), null, null, 8), 0);

        assertThat(deadLetters()).extracting(DeadLetter::reason).containsExactly(
                "FeedbackEvent: field 'item': is required",
                "ItemTagsEvent: empty value");
    }

    @Test
    void oneBadRecordDoesNotStopTheNext() throws Exception {
        var play = play("carol", "Björk", "Jóga", 0);
        harness.processElement(rawText(Topics.PLAYS.name(), "carol", "[]", 1), 0);
        harness.processElement(raw(play, 2), 0);

        assertThat(deadLetters()).hasSize(1);
        assertThat(harness.extractOutputValues()).containsExactly(TasteInput.of(play));
    }

    @Test
    void anEventDatedHoursAheadOfTheClockIsRefusedAndOneMinutesAheadIsNot() throws Exception {
        var wrongClock = PlayEvent.of("dan", "Low", "Words", null, NOW.plus(Duration.ofHours(2)), 0, "test");
        var driftingClock = PlayEvent.of("dan", "Low", "Lullaby", null, NOW.plus(Duration.ofMinutes(10)), 0, "test");
        var likeFromTheFuture = FeedbackEvent.of("dan", FeedbackType.LIKE, ItemRef.artist("Low"),
                Instant.parse("2099-01-01T00:00:00Z"), "test");
        harness.processElement(raw(wrongClock, 1), 0);
        harness.processElement(raw(driftingClock, 2), 0);
        harness.processElement(raw(likeFromTheFuture, 3), 0);

        assertThat(harness.extractOutputValues()).containsExactly(TasteInput.of(driftingClock));
        assertThat(deadLetters()).extracting(DeadLetter::offset).containsExactly(1L, 3L);
        assertThat(deadLetters()).extracting(DeadLetter::reason).first().asString()
                .isEqualTo("event time 2025-01-01T02:00:00Z is more than PT1H after the current time "
                        + "2025-01-01T00:00:00Z (a wrong clock?)");
    }

    @Test
    void recordOfAnUnknownTopicIsRefusedByName() throws Exception {
        harness.processElement(rawText("elsewhere", "k", "{}", 1), 0);

        assertThat(deadLetters()).extracting(DeadLetter::reason)
                .containsExactly("topic 'elsewhere' is not an input of the taste job");
    }
}
