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
import io.tastestream.taste.records.ForwardedPlay;
import io.tastestream.taste.records.TasteInput;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
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
    void aPlayArrivingEncodedIsPassedOnUnreadWithItsArtistsTags() throws Exception {
        harness.processElement(TasteInput.of(artistTags("Radiohead", "rock", 10)), 0);
        var encoded = new ForwardedPlay("alice", "radiohead", new byte[] {1, 2, 3});
        harness.processElement(TasteInput.of(encoded), 0);

        assertThat(harness.extractOutputValues()).singleElement().satisfies(e -> {
            assertThat(e.forwardedPlay().binary()).containsExactly(1, 2, 3); // (the harness copies its output)
            assertThat(e.artistTags()).isEqualTo(tags("rock", 10));
            assertThat(e.userId()).isEqualTo("alice");
        });
    }

    @Test
    void trackTagsAreIgnoredForNow() throws Exception {
        harness.processElement(TasteInput.of(ItemTagsEvent.of(new ItemRef("Radiohead", "Reckoner"),
                tags("melancholic", 9), "test", T0)), 0);
        var play = play("alice", "Radiohead", "Reckoner", 0);
        harness.processElement(TasteInput.of(play), 0);

        assertThat(harness.extractOutputValues()).containsExactly(EnrichedEvent.of(play, java.util.List.of()));
    }

    @Test
    void tagsArrivingAfterAPlayReachTheNextPlayAndARestoredInstance() throws Exception {
        var first = play("alice", "Mogwai", "Auto Rock", 0);
        harness.processElement(TasteInput.of(first), 0);
        harness.processElement(TasteInput.of(artistTags("Mogwai", "post-rock", 4)), 0);
        var second = play("alice", "Mogwai", "Friend of the Night", 1);
        harness.processElement(TasteInput.of(second), 0);
        assertThat(harness.extractOutputValues()).containsExactly(
                EnrichedEvent.of(first, java.util.List.of()), EnrichedEvent.of(second, tags("post-rock", 4)));

        var state = harness.snapshot(1L, 1L);
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EnrichFunction()), TasteInput::artistKey, Types.STRING)) {
            restored.initializeState(state);
            restored.open();
            var third = play("bob", "mogwai", "Take Me Somewhere Nice", 2);
            restored.processElement(TasteInput.of(third), 0);
            assertThat(restored.extractOutputValues()).containsExactly(EnrichedEvent.of(third, tags("post-rock", 4)));
        }
    }

    @Test
    void moreArtistsThanTheMemoryHoldsKeepTheirTags() throws Exception {
        int artists = EnrichFunction.MAX_CACHED_ARTISTS + 500; // the memory starts over on the way
        for (int a = 0; a < artists; a++) {
            harness.processElement(TasteInput.of(artistTags("Artist " + a, "tag " + a, 1)), 0);
        }
        for (int a = 0; a < artists; a += 97) {
            var play = play("alice", "Artist " + a, "Track", a);
            harness.processElement(TasteInput.of(play), 0);
            assertThat(harness.extractOutputValues()).last().isEqualTo(EnrichedEvent.of(play, tags("tag " + a, 1)));
        }
    }
}
