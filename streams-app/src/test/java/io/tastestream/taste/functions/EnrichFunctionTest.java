package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.T0;
import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.feedback;
import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.TasteInput;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class EnrichFunctionTest {
    private KeyedOneInputStreamOperatorTestHarness<String, TasteInput, EnrichedEvent> harness;

    @BeforeEach
    void open() throws Exception {
        harness = ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new EnrichFunction(), TasteInput::artistKey, Types.STRING);
    }

    @AfterEach
    void close() throws Exception {
        harness.close();
    }

    @Test
    void eventBeforeAnyTagsPassesWithNoTags() throws Exception {
        var play = play("alice", "Radiohead", "Reckoner", 0);
        harness.processElement(TasteInput.of(play), 0);

        assertThat(harness.extractOutputValues()).containsExactly(EnrichedEvent.of(play, java.util.List.of()));
    }

    @Test
    void playsAndFeedbackCarryTheLatestTagsOfTheirArtist() throws Exception {
        harness.processElement(TasteInput.of(artistTags("Radiohead", "rock", 10, "alternative", 5)), 0);
        harness.processElement(TasteInput.of(artistTags("Björk", "electronic", 3)), 0);
        var play = play("alice", "Radiohead", "Reckoner", 0);
        harness.processElement(TasteInput.of(play), 0);
        harness.processElement(TasteInput.of(artistTags("Radiohead", "art rock", 7)), 0);
        // same artist spelled differently: joined on the normalised key
        var like = feedback("bob", FeedbackType.LIKE, "  RADIOHEAD ", 1);
        harness.processElement(TasteInput.of(like), 0);

        assertThat(harness.extractOutputValues()).containsExactly(
                EnrichedEvent.of(play, tags("rock", 10, "alternative", 5)),
                EnrichedEvent.of(like, tags("art rock", 7)));
    }

    @Test
    void trackTagsAreIgnoredForNow() throws Exception {
        harness.processElement(TasteInput.of(ItemTagsEvent.of(new ItemRef("Radiohead", "Reckoner"),
                tags("melancholic", 9), "test", T0)), 0);
        var play = play("alice", "Radiohead", "Reckoner", 0);
        harness.processElement(TasteInput.of(play), 0);

        assertThat(harness.extractOutputValues()).containsExactly(EnrichedEvent.of(play, java.util.List.of()));
    }
}
