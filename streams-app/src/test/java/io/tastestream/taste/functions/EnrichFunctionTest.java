package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.T0;
import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.feedback;
import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.ForwardedPlay;
import io.tastestream.taste.records.TasteInput;
import io.tastestream.taste.serialization.TasteInputSerializer;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.core.memory.DataInputDeserializer;
import org.apache.flink.core.memory.DataOutputSerializer;
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

    private static ItemTagsEvent trackTags(String artist, String track, Object... tagsAndWeights) {
        return ItemTagsEvent.of(new ItemRef(artist, track), tags(tagsAndWeights), "test", T0);
    }

    @Test
    void aTrackWithTagsOfItsOwnCarriesThemBesideItsArtistsHalfEach() throws Exception {
        harness.processElement(TasteInput.of(artistTags("Radiohead", "rock", 10, "alternative", 10)), 0);
        harness.processElement(TasteInput.of(trackTags("Radiohead", "Reckoner", "melancholic", 9)), 0);
        var reckoner = play("alice", "Radiohead", "Reckoner", 0);
        var nude = play("alice", "Radiohead", "Nude", 1);
        var liked = FeedbackEvent.of("bob", FeedbackType.LIKE, new ItemRef("radiohead", "RECKONER"), T0, "test");
        harness.processElement(TasteInput.of(reckoner), 0);
        harness.processElement(TasteInput.of(nude), 0);
        harness.processElement(TasteInput.of(liked), 0);
        harness.processElement(TasteInput.of(forwarded(play("carol", "Radiohead", "Reckoner", 2))), 0);

        var both = tags("rock", 0.25, "alternative", 0.25, "melancholic", 0.5);
        assertThat(harness.extractOutputValues()).satisfiesExactly(
                e -> assertThat(e).isEqualTo(EnrichedEvent.of(reckoner, both)),
                e -> assertThat(e).as("another track: its artist's tags").isEqualTo(
                        EnrichedEvent.of(nude, tags("rock", 10, "alternative", 10))),
                e -> assertThat(e).as("feedback on the track, names spelled otherwise").isEqualTo(
                        EnrichedEvent.of(liked, both)),
                e -> assertThat(e.artistTags()).as("a play arriving encoded").isEqualTo(both));
    }

    @Test
    void trackTagsAloneAndAfterARestore() throws Exception {
        harness.processElement(TasteInput.of(trackTags("Mogwai", "Auto Rock", "epic", 4)), 0);
        var play = play("alice", "Mogwai", "Auto Rock", 0);
        harness.processElement(TasteInput.of(play), 0);
        assertThat(harness.extractOutputValues()).containsExactly(EnrichedEvent.of(play, tags("epic", 4)));

        var state = harness.snapshot(1L, 1L);
        try (var restored = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new EnrichFunction()), TasteInput::artistKey, Types.STRING)) {
            restored.initializeState(state);
            restored.open();
            restored.processElement(TasteInput.of(artistTags("Mogwai", "post-rock", 1)), 0);
            var again = play("bob", "mogwai", "auto rock", 1);
            restored.processElement(TasteInput.of(again), 0);
            assertThat(restored.extractOutputValues()).containsExactly(
                    EnrichedEvent.of(again, tags("post-rock", 0.5, "epic", 0.5)));
        }
    }

    /** The play as the enrichment step receives it from the source: still encoded. */
    private static ForwardedPlay forwarded(io.tastestream.core.event.PlayEvent play) throws Exception {
        DataOutputSerializer out = new DataOutputSerializer(64);
        TasteInputSerializer.INSTANCE.serialize(TasteInput.of(play), out);
        return TasteInputSerializer.INSTANCE.deserialize(new DataInputDeserializer(out.getCopyOfBuffer()))
                .forwardedPlay();
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
