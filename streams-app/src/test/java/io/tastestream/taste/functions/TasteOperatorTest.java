package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.taste.records.EnrichedEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * Deferred state writes: a checkpoint taken while tastes are only in memory still holds them (the operator writes
 * them before the barrier), and state and timers move between this operator and the plain KeyedProcessOperator of
 * older builds in both directions.
 */
class TasteOperatorTest {
    private static final TasteSettings SETTINGS = TasteSettings.defaults();
    private static final Duration EMIT_INTERVAL = Duration.ofSeconds(1);

    private static TasteFunction function() {
        return new TasteFunction(SETTINGS, Duration.ofDays(30), Duration.ofDays(365), EMIT_INTERVAL);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> harness(
            KeyedProcessOperator<String, EnrichedEvent, TasteSnapshot> operator) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(operator, EnrichedEvent::userId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static EnrichedEvent playOf(String user, int minute) {
        return EnrichedEvent.of(play(user, "Mogwai", "track " + minute, minute), tags("post-rock", 1));
    }

    private static void process(KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> h,
                                EnrichedEvent e) throws Exception {
        h.processElement(e, e.trigger().at().toEpochMilli());
    }

    /** What a task does on a checkpoint: prepare (our operator writes here), then snapshot. */
    private static OperatorSubtaskState checkpoint(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> h) throws Exception {
        h.prepareSnapshotPreBarrier(1L);
        return h.snapshot(1L, 1L);
    }

    @Test
    void aCheckpointBeforeTheSnapshotTimerHoldsTheUnwrittenTastesAndRestoresIntoAPlainOperator() throws Exception {
        OperatorSubtaskState state;
        TasteFunction deferred = function();
        try (var h = harness(new TasteOperator(deferred))) {
            h.setProcessingTime(0);
            h.open();
            for (int minute = 0; minute < 3; minute++) {
                process(h, playOf("alice", minute));
            }
            process(h, playOf("bob", 0));
            assertThat(deferred.changedCount()).as("changed tastes held in memory").isEqualTo(2);
            assertThat(h.extractOutputValues()).as("each quiet user's first change at once, alice's others wait")
                    .extracting(TasteSnapshot::userId, TasteSnapshot::eventsApplied)
                    .containsExactlyInAnyOrder(tuple("alice", 1L), tuple("bob", 1L));
            state = checkpoint(h);
            assertThat(deferred.changedCount()).as("written before the barrier").isZero();
        }
        try (var h = harness(new KeyedProcessOperator<>(function()))) {
            h.setProcessingTime(0);
            h.initializeState(state);
            h.open();
            h.setProcessingTime(EMIT_INTERVAL.toMillis()); // the restored timers fire
            List<TasteSnapshot> out = h.extractOutputValues();
            assertThat(out).as("bob has nothing pending").extracting(TasteSnapshot::userId).containsExactly("alice");
            TasteSnapshot alice = out.get(0);
            assertThat(alice.eventsApplied()).isEqualTo(3);
            assertThat(alice.trigger().at()).isEqualTo(playOf("alice", 2).trigger().at());
            assertThat(alice.topArtists()).extracting(Weighted::name).containsExactly("Mogwai");
        }
    }

    @Test
    void stateOfThePlainOperatorRestoresIntoThisOneAndKeepsCountingAndDeduplicating() throws Exception {
        OperatorSubtaskState state;
        try (var h = harness(new KeyedProcessOperator<>(function()))) {
            h.setProcessingTime(0);
            h.open();
            process(h, playOf("carol", 0));
            process(h, playOf("carol", 1));
            state = h.snapshot(1L, 1L); // the pending snapshot is still waiting for its timer
        }
        try (var h = harness(new TasteOperator(function()))) {
            h.setProcessingTime(0);
            h.initializeState(state);
            h.open();
            process(h, playOf("carol", 1)); // a redelivery: dropped
            process(h, playOf("carol", 2));
            h.setProcessingTime(EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues()).singleElement().satisfies(s -> {
                assertThat(s.eventsApplied()).isEqualTo(3);
                assertThat(s.trigger().at()).isEqualTo(playOf("carol", 2).trigger().at());
            });
            // after the snapshot went out the taste is in state: a later event reads it back
            process(h, playOf("carol", 3));
            h.setProcessingTime(3 * EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues()).last().satisfies(s -> assertThat(s.eventsApplied()).isEqualTo(4));
        }
    }

    /** Stores the dedup's ids as builds before SeenEvents did: one state entry per event id. */
    private static final class OlderDedupFunction extends TasteFunction {
        OlderDedupFunction() {
            super(SETTINGS, Duration.ofDays(30), Duration.ofDays(365), EMIT_INTERVAL);
        }

        @Override
        protected void storeSeen(String eventId, long hash, long day) throws Exception {
            storeAsOlderBuildsDid(eventId);
        }
    }

    /** The events applied in the last snapshot out after the emit intervals up to {@code at} ended. */
    private static long eventsAppliedAfterInterval(
            KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> h, long at) throws Exception {
        // step by step: the test clock fires a timer set while it fires others only at its next move
        for (long t = EMIT_INTERVAL.toMillis(); t <= at; t += EMIT_INTERVAL.toMillis()) {
            h.setProcessingTime(t);
        }
        return h.extractOutputValues().get(h.extractOutputValues().size() - 1).eventsApplied();
    }

    /** Restores {@code state} into {@code operator}, plays dave's plays of the given minutes and ends the intervals. */
    private static long eventsAppliedAfterReplaying(KeyedProcessOperator<String, EnrichedEvent, TasteSnapshot> operator,
                                                    OperatorSubtaskState state, int... minutes) throws Exception {
        try (var h = harness(operator)) {
            h.setProcessingTime(0);
            h.initializeState(state);
            h.open();
            for (int minute : minutes) {
                process(h, playOf("dave", minute));
            }
            return eventsAppliedAfterInterval(h, 3 * EMIT_INTERVAL.toMillis());
        }
    }

    @Test
    void eventIdsThatOlderBuildsStoredOneByOneKeepDeduplicatingAfterMovingToDailyHashes() throws Exception {
        OperatorSubtaskState older;
        try (var h = harness(new KeyedProcessOperator<>(new OlderDedupFunction()))) {
            h.setProcessingTime(0);
            h.open();
            process(h, playOf("dave", 0));
            process(h, playOf("dave", 1));
            older = h.snapshot(1L, 1L);
        }
        // without memory: the old entries are checked per event
        assertThat(eventsAppliedAfterReplaying(new KeyedProcessOperator<>(function()), older, 0, 1, 2))
                .as("both redeliveries dropped").isEqualTo(3);
        // with memory: the user's old entries move into the daily hashes, written with the next checkpoint
        OperatorSubtaskState moved;
        try (var h = harness(new TasteOperator(function()))) {
            h.setProcessingTime(0);
            h.initializeState(older);
            h.open();
            process(h, playOf("dave", 0));
            process(h, playOf("dave", 2));
            assertThat(eventsAppliedAfterInterval(h, 3 * EMIT_INTERVAL.toMillis())).isEqualTo(3);
            moved = checkpoint(h);
        }
        assertThat(eventsAppliedAfterReplaying(new TasteOperator(function()), moved, 1, 2, 3))
                .as("an old id and a new one, both known after the move").isEqualTo(4);
    }

    @Test
    void theEndOfInputSendsEveryPendingSnapshotOnceFromMemoryAndFromState() throws Exception {
        OperatorSubtaskState state;
        try (var h = harness(new TasteOperator(function()))) {
            h.setProcessingTime(0);
            h.open();
            process(h, playOf("dave", 0));
            process(h, playOf("dave", 1)); // pending when the checkpoint is taken: restored into state only
            state = checkpoint(h);
        }
        TasteOperator operator = new TasteOperator(function());
        try (var h = harness(operator)) {
            h.setProcessingTime(0);
            h.initializeState(state);
            h.open();
            process(h, playOf("alice", 0));
            process(h, playOf("alice", 1)); // pending, then written and forgotten by the users below
            process(h, playOf("bob", 0)); // nothing pending
            for (int u = 0; u < TasteOperator.MAX_CACHED; u++) {
                process(h, playOf("user-" + u, 0));
            }
            process(h, playOf("carol", 0));
            process(h, playOf("carol", 1)); // pending in memory
            int before = h.extractOutputValues().size();
            h.processWatermark(Long.MAX_VALUE); // the input ends; no interval timer has fired
            operator.finish();
            List<TasteSnapshot> atEnd = h.extractOutputValues().subList(before, h.extractOutputValues().size());
            assertThat(atEnd).extracting(TasteSnapshot::userId, TasteSnapshot::eventsApplied)
                    .containsExactlyInAnyOrder(tuple("dave", 2L), tuple("alice", 2L), tuple("carol", 2L));
            operator.finish(); // (closing finishes again) nothing is pending any more
            assertThat(h.extractOutputValues()).hasSize(before + 3);
        }
    }

    private static TasteFunction oneSnapshotPerEvent() {
        return new TasteFunction(SETTINGS, Duration.ofDays(30), Duration.ofDays(365), Duration.ZERO);
    }

    @Test
    void withIntervalZeroEveryEventGoesOutAtOnceFromMemoryAndACheckpointStillDeduplicates() throws Exception {
        OperatorSubtaskState state;
        TasteFunction perEvent = oneSnapshotPerEvent();
        try (var h = harness(new TasteOperator(perEvent))) {
            h.setProcessingTime(0);
            h.open();
            process(h, playOf("erin", 0));
            process(h, playOf("erin", 1));
            process(h, playOf("erin", 1)); // a redelivery, recognised in memory
            assertThat(h.extractOutputValues()).extracting(TasteSnapshot::eventsApplied).containsExactly(1L, 2L);
            assertThat(perEvent.holds("erin")).as("held in memory, not written per event").isTrue();
            assertThat(perEvent.changedCount()).isEqualTo(1);
            state = checkpoint(h);
            assertThat(perEvent.changedCount()).as("written before the barrier").isZero();
            h.setProcessingTime(10 * EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues()).as("no timer sends anything later").hasSize(2);
        }
        try (var h = harness(new KeyedProcessOperator<>(oneSnapshotPerEvent()))) {
            h.setProcessingTime(0);
            h.initializeState(state);
            h.open();
            process(h, playOf("erin", 0)); // redelivered after the restore: the checkpoint knows it
            process(h, playOf("erin", 2));
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(s -> assertThat(s.eventsApplied()).isEqualTo(3));
        }
    }

    @Test
    void aSnapshotPendingUnderAPositiveIntervalGoesOutAfterARestoreWithIntervalZeroAndNoIntervalFollows()
            throws Exception {
        OperatorSubtaskState state;
        try (var h = harness(new TasteOperator(function()))) {
            h.setProcessingTime(0);
            h.open();
            process(h, playOf("frank", 0));
            process(h, playOf("frank", 1)); // pending until the interval ends
            state = checkpoint(h);
        }
        try (var h = harness(new TasteOperator(oneSnapshotPerEvent()))) {
            h.setProcessingTime(0);
            h.initializeState(state);
            h.open();
            h.setProcessingTime(EMIT_INTERVAL.toMillis()); // the restored timer ends the interval
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(s -> assertThat(s.eventsApplied()).isEqualTo(2));
            process(h, playOf("frank", 2)); // no new interval runs: out at once
            process(h, playOf("frank", 3));
            assertThat(h.extractOutputValues()).extracting(TasteSnapshot::eventsApplied).containsExactly(2L, 3L, 4L);
            h.setProcessingTime(10 * EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues()).hasSize(3);
        }
    }

    @Test
    void theLeastRecentlyActiveUsersAreTheOnesForgotten() throws Exception {
        TasteFunction deferred = function();
        try (var h = harness(new TasteOperator(deferred))) {
            h.setProcessingTime(0);
            h.open();
            for (int u = 0; u < TasteOperator.MAX_CACHED; u++) {
                process(h, playOf("user-" + u, 0));
            }
            process(h, playOf("user-0", 1)); // the first user is active again: now user-1 is the least recent
            process(h, playOf("new user", 0)); // one over the bound: the least recently active tenth goes
            assertThat(deferred.cachedCount()).isEqualTo(TasteOperator.MAX_CACHED - TasteOperator.MAX_CACHED / 10);
            assertThat(deferred.holds("user-0")).isTrue();
            assertThat(deferred.holds("new user")).isTrue();
            int forgotten = TasteOperator.MAX_CACHED / 10 + 1;
            for (int u = 1; u < TasteOperator.MAX_CACHED; u++) {
                assertThat(deferred.holds("user-" + u)).as("user-%d", u).isEqualTo(u > forgotten);
            }
        }
    }

    @Test
    void tastesHeldInMemoryStayBelowTheBoundAndEvictedOnesAreReadBack() throws Exception {
        TasteFunction deferred = function();
        OperatorSubtaskState state;
        int users = TasteOperator.MAX_CACHED + 10;
        try (var h = harness(new TasteOperator(deferred))) {
            h.setProcessingTime(0);
            h.open();
            for (int u = 0; u < users; u++) {
                process(h, playOf("user-" + u, 0));
                assertThat(deferred.cachedCount()).isLessThanOrEqualTo(TasteOperator.MAX_CACHED);
            }
            h.setProcessingTime(EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues()).hasSize(users)
                    .allSatisfy(s -> assertThat(s.eventsApplied()).isEqualTo(1));
            // user-0 was evicted (written, forgotten): its next event reads it back from state
            process(h, playOf("user-0", 1));
            process(h, playOf("user-" + (users - 1), 1));
            h.setProcessingTime(3 * EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues().subList(users, users + 2)).extracting(TasteSnapshot::eventsApplied)
                    .containsExactly(2L, 2L);
            state = checkpoint(h);
        }
        // after the snapshots went out, nothing is pending: a restore emits nothing more and counts on
        try (var h = harness(new KeyedProcessOperator<>(function()))) {
            h.setProcessingTime(10 * EMIT_INTERVAL.toMillis());
            h.initializeState(state);
            h.open();
            h.setProcessingTime(20 * EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues()).isEmpty();
            process(h, playOf("user-" + (users - 1), 2));
            h.setProcessingTime(30 * EMIT_INTERVAL.toMillis());
            assertThat(h.extractOutputValues()).singleElement()
                    .satisfies(s -> assertThat(s.eventsApplied()).isEqualTo(3));
        }
    }
}
