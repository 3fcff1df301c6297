package io.tastestream.core.taste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

class TasteStateTest {
    static final TasteSettings S = TasteSettings.defaults();
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final List<WeightedTag> POST_ROCK = List.of(new WeightedTag("Post-Rock", 3), new WeightedTag("ambient", 1));

    @Test
    void aPlaySpreadsItsWeightOverTheArtistsTags() {
        TasteState s = new TasteState();
        s.applyPlay(PlayEvent.of("u", "Mogwai", "Auto Rock", null, T0, 0, "test"), POST_ROCK, S);
        assertThat(s.tagWeight("post rock", S)).isCloseTo(0.75, within(1e-12));
        assertThat(s.tagWeight("ambient", S)).isCloseTo(0.25, within(1e-12));
        assertThat(s.artistWeight("mogwai", S)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void shortPlaysCountInProportionAndOldPlaysDecay() {
        TasteState s = new TasteState();
        s.applyPlay(PlayEvent.of("u", "A", "t", null, T0, 15_000, "test"), List.of(), S);
        assertThat(s.artistWeight("A", S)).isCloseTo(0.5, within(1e-12));
        s.applyPlay(PlayEvent.of("u", "B", "t", null, T0.plus(Duration.ofDays(90)), 0, "test"), List.of(), S);
        assertThat(s.artistWeight("A", S)).isCloseTo(0.25, within(1e-12));
    }

    @Test
    void likeRaisesSkipLowersBanListsAndUnbanLifts() {
        TasteState s = new TasteState();
        s.applyPlay(PlayEvent.of("u", "A", "t", null, T0, 0, "test"), List.of(), S);
        s.applyPlay(PlayEvent.of("u", "B", "t", null, T0, 0, "test"), List.of(), S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.LIKE, ItemRef.artist("A"), T0, "test"), List.of(), S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.SKIP, ItemRef.artist("B"), T0, "test"), List.of(), S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.BAN, ItemRef.artist("C"), T0.plusSeconds(5), "t"),
                List.of(), S);
        TasteSnapshot snap = s.snapshot("u", null, S);
        assertThat(snap.topArtists()).extracting(Weighted::name).containsExactly("A");
        assertThat(s.artistWeight("B", S)).isCloseTo(0.0, within(1e-12));
        assertThat(snap.liked()).containsExactly("a");
        assertThat(snap.skipped()).containsExactly("b");
        assertThat(snap.banned()).containsExactly("c");
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.UNBAN, ItemRef.artist("C"), T0.plusSeconds(9), "t"),
                List.of(), S);
        assertThat(s.snapshot("u", null, S).banned()).isEmpty();
        // an older ban arriving late does not undo the newer unban
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.BAN, ItemRef.artist("C"), T0.plusSeconds(7), "t"),
                List.of(), S);
        assertThat(s.snapshot("u", null, S).banned()).isEmpty();
    }

    @Test
    void snapshotsAreTheSameWhateverTheArrivalOrder() {
        Random random = new Random(7);
        List<Consumer<TasteState>> events = new ArrayList<>();
        String[] artists = {"A", "B", "C", "D", "E", "F"};
        for (int i = 0; i < 300; i++) {
            String artist = artists[random.nextInt(artists.length)];
            Instant at = T0.plusSeconds(random.nextInt(10_000_000));
            List<WeightedTag> tags = List.of(new WeightedTag("tag-" + artist, 2), new WeightedTag("shared", 1));
            int kind = random.nextInt(10);
            if (kind < 7) {
                PlayEvent p = PlayEvent.of("u", artist, "t" + i, null, at, random.nextInt(60_000), "test");
                events.add(s -> s.applyPlay(p, tags, S));
            } else {
                FeedbackType type = FeedbackType.values()[kind - 7];
                FeedbackEvent f = FeedbackEvent.of("u", type, ItemRef.artist(artist), at, "test");
                events.add(s -> s.applyFeedback(f, tags, S));
            }
        }
        TasteSnapshot reference = replay(events);
        for (int i = 0; i < 5; i++) {
            Collections.shuffle(events, random);
            TasteSnapshot other = replay(events);
            assertThat(other.asOf()).isEqualTo(reference.asOf());
            assertThat(other.recentPlays()).isEqualTo(reference.recentPlays());
            assertThat(other.banned()).isEqualTo(reference.banned());
            assertThat(other.liked()).isEqualTo(reference.liked());
            assertSameWeights(other.topArtists(), reference.topArtists());
            assertSameWeights(other.topTags(), reference.topTags());
        }
    }

    @Test
    void stateSurvivesItsOwnSerde() {
        TasteState s = new TasteState();
        s.applyPlay(PlayEvent.of("u", "Mogwai", "Auto Rock", null, T0, 0, "test"), POST_ROCK, S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.BAN, ItemRef.artist("X"), T0, "test"), List.of(), S);
        TasteState copy = TasteState.SERDE.decode(TasteState.SERDE.encode(s));
        Trigger trigger = new Trigger(Trigger.Kind.PLAY, ItemRef.artist("Mogwai"), T0);
        assertThat(copy.snapshot("u", trigger, S)).isEqualTo(s.snapshot("u", trigger, S));
    }

    private static TasteSnapshot replay(List<Consumer<TasteState>> events) {
        TasteState s = new TasteState();
        events.forEach(e -> e.accept(s));
        return s.snapshot("u", null, S);
    }

    private static void assertSameWeights(List<Weighted> actual, List<Weighted> expected) {
        assertThat(actual).hasSameSizeAs(expected);
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).name()).isEqualTo(expected.get(i).name());
            assertThat(actual.get(i).weight()).isCloseTo(expected.get(i).weight(),
                    within(Math.abs(expected.get(i).weight()) * 1e-9));
        }
    }
}
