package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.feedback;
import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.taste.records.EnrichedEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

class TasteFunctionTest {
    private static final TasteSettings SETTINGS = TasteSettings.defaults();

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> harness(
            Duration dedupTtl) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new TasteFunction(SETTINGS, dedupTtl), EnrichedEvent::userId, Types.STRING);
    }

    private static List<TasteSnapshot> run(EnrichedEvent... events) throws Exception {
        try (var h = harness(TasteFunction.DEFAULT_DEDUP_TTL)) {
            for (EnrichedEvent e : events) {
                h.processElement(e, e.trigger().at().toEpochMilli());
            }
            return h.extractOutputValues();
        }
    }

    private static EnrichedEvent playOf(String user, String artist, int minute, Object... tags) {
        return EnrichedEvent.of(play(user, artist, "track " + minute, minute), tags(tags));
    }

    private static EnrichedEvent said(String user, FeedbackType type, String artist, int minute) {
        return EnrichedEvent.of(feedback(user, type, artist, minute), List.of());
    }

    private static TasteSnapshot last(List<TasteSnapshot> snapshots) {
        return snapshots.get(snapshots.size() - 1);
    }

    private static double weightOf(List<Weighted> weights, String name) {
        return weights.stream().filter(w -> w.name().equals(name)).mapToDouble(Weighted::weight).findFirst()
                .orElse(0.0);
    }

    @Test
    void eachPlayEmitsASnapshotWhoseTopTagsAndArtistsReflectThePlays() throws Exception {
        List<TasteSnapshot> out = run(
                playOf("alice", "Radiohead", 0, "rock", 10, "alternative", 10),
                playOf("alice", "Radiohead", 1, "rock", 10, "alternative", 10),
                playOf("alice", "Björk", 2, "electronic", 1, "rock", 1));

        assertThat(out).hasSize(3);
        assertThat(out).allSatisfy(s -> assertThat(s.userId()).isEqualTo("alice"));
        TasteSnapshot snapshot = last(out);
        assertThat(snapshot.eventsApplied()).isEqualTo(3);
        assertThat(snapshot.asOf()).isEqualTo(play("alice", "x", "y", 2).playedAt());
        assertThat(snapshot.topArtists()).extracting(Weighted::name).containsExactly("Radiohead", "Björk");
        // a play's weight is shared among its artist's tags: rock 0.5+0.5+0.5, alternative 0.5+0.5, electronic 0.5
        assertThat(snapshot.topTags()).extracting(Weighted::name).containsExactly("rock", "alternative", "electronic");
        assertThat(weightOf(snapshot.topTags(), "rock")).isCloseTo(1.5, within(1e-3));
        assertThat(snapshot.trigger().kind()).isEqualTo(Trigger.Kind.PLAY);
        assertThat(snapshot.recentPlays()).first().satisfies(p -> assertThat(p.artist()).isEqualTo("Björk"));
    }

    @Test
    void aRedeliveredPlayIsAppliedOnce() throws Exception {
        EnrichedEvent play = playOf("alice", "Radiohead", 0, "rock", 1);
        List<TasteSnapshot> out = run(play, play, playOf("alice", "Radiohead", 1, "rock", 1), play);

        assertThat(out).hasSize(2);
        assertThat(last(out).eventsApplied()).isEqualTo(2);
    }

    @Test
    void aPlayIdIsForgottenAfterTheDedupTtl() throws Exception {
        EnrichedEvent play = playOf("alice", "Radiohead", 0, "rock", 1);
        try (var h = harness(Duration.ofHours(1))) {
            h.setStateTtlProcessingTime(0);
            h.processElement(play, 0);
            h.setStateTtlProcessingTime(Duration.ofMinutes(59).toMillis());
            h.processElement(play, 0);
            h.setStateTtlProcessingTime(Duration.ofHours(3).toMillis());
            h.processElement(play, 0);

            assertThat(h.extractOutputValues()).extracting(TasteSnapshot::eventsApplied).containsExactly(1L, 2L);
        }
    }

    @Test
    void likeRaisesAnArtistAndSkipLowersIt() throws Exception {
        EnrichedEvent radiohead = playOf("bob", "Radiohead", 0, "rock", 1);
        EnrichedEvent bjork = playOf("bob", "Björk", 0, "electronic", 1);

        double plain = weightOf(last(run(radiohead, bjork)).topArtists(), "Björk");
        List<TasteSnapshot> liked = run(radiohead, bjork, said("bob", FeedbackType.LIKE, "Björk", 0));
        List<TasteSnapshot> skipped = run(radiohead, bjork, said("bob", FeedbackType.SKIP, "Radiohead", 0));

        assertThat(weightOf(last(liked).topArtists(), "Björk")).isGreaterThan(plain);
        assertThat(last(liked).topArtists()).extracting(Weighted::name).first().isEqualTo("Björk");
        assertThat(last(liked).liked()).containsExactly("björk");
        assertThat(last(liked).trigger().kind()).isEqualTo(Trigger.Kind.LIKE);
        assertThat(weightOf(last(skipped).topArtists(), "Radiohead")).isLessThan(plain);
        assertThat(last(skipped).skipped()).containsExactly("radiohead");
    }

    @Test
    void banListsTheArtistUntilUnbanned() throws Exception {
        EnrichedEvent play = playOf("carol", "Nickelback", 0, "rock", 1);
        List<TasteSnapshot> out = run(play, said("carol", FeedbackType.BAN, "Nickelback", 1),
                said("carol", FeedbackType.UNBAN, "Nickelback", 2));

        assertThat(out.get(1).banned()).containsExactly("nickelback");
        assertThat(out.get(1).trigger().kind()).isEqualTo(Trigger.Kind.BAN);
        assertThat(out.get(2).banned()).isEmpty();
    }

    @Test
    void twoEventsGiveTheSameTasteInEitherOrder() throws Exception {
        EnrichedEvent early = playOf("dave", "Radiohead", 0, "rock", 3, "alternative", 1);
        EnrichedEvent late = playOf("dave", "Björk", 600, "electronic", 1);

        TasteSnapshot inOrder = last(run(early, late));
        TasteSnapshot reversed = last(run(late, early));

        assertThat(reversed.asOf()).isEqualTo(inOrder.asOf());
        assertThat(reversed.recentPlays()).isEqualTo(inOrder.recentPlays());
        assertThat(reversed.topArtists()).extracting(Weighted::name)
                .containsExactlyElementsOf(inOrder.topArtists().stream().map(Weighted::name).toList());
        for (Weighted tag : inOrder.topTags()) {
            assertThat(weightOf(reversed.topTags(), tag.name())).isCloseTo(tag.weight(), within(1e-9));
        }
    }

    @Test
    void lateEventsAreStillApplied() throws Exception {
        try (var h = harness(TasteFunction.DEFAULT_DEDUP_TTL)) {
            EnrichedEvent now = playOf("erin", "Radiohead", 120, "rock", 1);
            EnrichedEvent old = playOf("erin", "Björk", 0, "electronic", 1);
            h.processElement(now, now.trigger().at().toEpochMilli());
            h.processWatermark(now.trigger().at().toEpochMilli());
            h.processElement(old, old.trigger().at().toEpochMilli());

            TasteSnapshot snapshot = last(h.extractOutputValues());
            assertThat(snapshot.eventsApplied()).isEqualTo(2);
            assertThat(snapshot.topTags()).extracting(Weighted::name).contains("rock", "electronic");
        }
    }

    @Test
    void usersAreKeptApart() throws Exception {
        List<TasteSnapshot> out = run(playOf("alice", "Radiohead", 0, "rock", 1),
                playOf("bob", "Björk", 0, "electronic", 1));

        assertThat(out.get(1).userId()).isEqualTo("bob");
        assertThat(out.get(1).topArtists()).extracting(Weighted::name).containsExactly("Björk");
        assertThat(out.get(1).eventsApplied()).isEqualTo(1);
    }


    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> coalescing()
            throws Exception {
        var h = unopenedCoalescing();
        h.open();
        return h;
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> unopenedCoalescing()
            throws Exception {
        return new KeyedOneInputStreamOperatorTestHarness<>(
                new org.apache.flink.streaming.api.operators.KeyedProcessOperator<>(new TasteFunction(SETTINGS,
                        TasteFunction.DEFAULT_DEDUP_TTL, TasteFunction.DEFAULT_USER_TTL, Duration.ofMillis(500))),
                EnrichedEvent::userId, Types.STRING);
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> h,
                             EnrichedEvent... events) throws Exception {
        for (EnrichedEvent e : events) {
            h.processElement(e, e.trigger().at().toEpochMilli());
        }
    }

    @Test
    void aQuietUsersChangeGoesOutAtOnceAndLaterOnesOncePerInterval() throws Exception {
        try (var h = coalescing()) {
            h.setProcessingTime(1_000);
            feed(h, playOf("alice", "Radiohead", 0, "rock", 1), playOf("bob", "Björk", 0, "electronic", 1));
            assertThat(h.extractOutputValues()).as("quiet users' first changes go out at once")
                    .extracting(TasteSnapshot::userId, TasteSnapshot::eventsApplied)
                    .containsExactlyInAnyOrder(tuple("alice", 1L), tuple("bob", 1L));

            feed(h, playOf("alice", "Radiohead", 1, "rock", 1));
            h.setProcessingTime(1_400);
            feed(h, said("alice", FeedbackType.SKIP, "Radiohead", 2));
            assertThat(h.extractOutputValues()).as("within the interval: applied, not sent").hasSize(2);

            h.setProcessingTime(1_500);
            List<TasteSnapshot> out = h.extractOutputValues();
            assertThat(out).as("bob had nothing pending").hasSize(3);
            TasteSnapshot alice = last(out);
            assertThat(alice.userId()).isEqualTo("alice");
            assertThat(alice.eventsApplied()).isEqualTo(3);
            assertThat(alice.trigger().kind()).as("the latest event is the trigger").isEqualTo(Trigger.Kind.SKIP);
            assertThat(alice.skipped()).containsExactly("radiohead");

            // alice's next interval runs to 2,000: a change in it waits; bob is quiet again and goes out at once
            feed(h, playOf("alice", "Radiohead", 3, "rock", 1), said("bob", FeedbackType.LIKE, "Björk", 3));
            assertThat(last(h.extractOutputValues())).satisfies(s -> {
                assertThat(s.userId()).isEqualTo("bob");
                assertThat(s.trigger().kind()).isEqualTo(Trigger.Kind.LIKE);
                assertThat(s.eventsApplied()).isEqualTo(2);
            });
            assertThat(h.extractOutputValues()).hasSize(4);
            h.setProcessingTime(2_000);
            assertThat(last(h.extractOutputValues())).satisfies(s -> {
                assertThat(s.userId()).isEqualTo("alice");
                assertThat(s.eventsApplied()).isEqualTo(4);
            });
            // intervals with nothing pending end quietly: nothing is sent twice, and alice is quiet by 3,000
            h.setProcessingTime(10_000);
            assertThat(h.extractOutputValues()).hasSize(5);
            feed(h, playOf("alice", "Radiohead", 5, "rock", 1));
            assertThat(h.extractOutputValues()).hasSize(6);
        }
    }

    @Test
    void theEndOfABoundedInputEmitsEveryPendingSnapshotOnce() throws Exception {
        try (var h = coalescing()) {
            h.setProcessingTime(1_000);
            feed(h, playOf("alice", "Radiohead", 0, "rock", 1), playOf("bob", "Björk", 0, "electronic", 1),
                    said("alice", FeedbackType.LIKE, "Radiohead", 1));
            h.processWatermark(Long.MAX_VALUE); // what Flink sends when every input has ended; no timer fired yet
            List<TasteSnapshot> out = h.extractOutputValues();
            assertThat(out).as("two at once, alice's like at the end of input")
                    .extracting(TasteSnapshot::userId).containsExactlyInAnyOrder("alice", "bob", "alice");
            assertThat(last(out)).satisfies(s -> {
                assertThat(s.userId()).isEqualTo("alice");
                assertThat(s.trigger().kind()).isEqualTo(Trigger.Kind.LIKE);
            });
            h.setProcessingTime(10_000);
            assertThat(h.extractOutputValues()).as("the interval timers find nothing pending").hasSize(3);
        }
    }

    @Test
    void aPendingSnapshotSurvivesASnapshotAndRestore() throws Exception {
        org.apache.flink.runtime.checkpoint.OperatorSubtaskState state;
        try (var h = coalescing()) {
            h.setProcessingTime(1_000);
            feed(h, playOf("alice", "Radiohead", 0, "rock", 1), playOf("alice", "Radiohead", 1, "rock", 1));
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(s -> assertThat(s.eventsApplied()).isEqualTo(1));
            state = h.snapshot(1, 1_100);
        }
        try (var h = unopenedCoalescing()) {
            h.initializeState(state);
            h.open();
            h.setProcessingTime(1_500);
            assertThat(h.extractOutputValues()).as("the pending one, from the restored timer").singleElement()
                    .satisfies(s -> assertThat(s.eventsApplied()).isEqualTo(2));
            feed(h, playOf("alice", "Radiohead", 2, "rock", 1));
            assertThat(h.extractOutputValues()).as("the restored interval holds this one back").hasSize(1);
            h.setProcessingTime(2_000);
            assertThat(last(h.extractOutputValues()).eventsApplied()).isEqualTo(3);
        }
    }
}
