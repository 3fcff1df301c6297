package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.taste.records.EnrichedEvent;
import java.time.Duration;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.apache.flink.streaming.util.ProcessFunctionTestHarnesses;
import org.junit.jupiter.api.Test;

/** Per-user state stays bounded: tags and artists are pruned to the bounds, inactive users expire. */
class BoundedTasteStateTest {
    static final Duration DEDUP_TTL = Duration.ofDays(30);
    static final Duration USER_TTL = Duration.ofDays(365);

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> harness(
            TasteSettings settings) throws Exception {
        return ProcessFunctionTestHarnesses.forKeyedProcessFunction(
                new TasteFunction(settings, DEDUP_TTL, USER_TTL), EnrichedEvent::userId, Types.STRING);
    }

    private static void send(KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> h,
                             EnrichedEvent e) throws Exception {
        h.processElement(e, e.trigger().at().toEpochMilli());
    }

    private static TasteSnapshot last(KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> h) {
        List<TasteSnapshot> out = h.extractOutputValues();
        return out.get(out.size() - 1);
    }

    @Test
    void tagsAndArtistsBeyondTheBoundsArePrunedSmallestWeightFirst() throws Exception {
        TasteSettings settings = TasteSettings.from(TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.MAX_ARTISTS, "2").with(TastestreamConfig.MAX_TAGS, "3"));
        try (var h = harness(settings)) {
            int minute = 0;
            // heavy: A x3 (rock 2, indie 1 per play), B x2 (jazz); light: C x1 (folk, ambient 0.5 each), pushed out by B
            for (int i = 0; i < 3; i++) {
                send(h, EnrichedEvent.of(play("ann", "A", "a" + i, minute++), tags("rock", 2, "indie", 1)));
            }
            send(h, EnrichedEvent.of(play("ann", "C", "c", minute++), tags("folk", 1, "ambient", 1)));
            for (int i = 0; i < 2; i++) {
                send(h, EnrichedEvent.of(play("ann", "B", "b" + i, minute++), tags("jazz", 1)));
            }
            TasteSnapshot snapshot = last(h);
            assertThat(snapshot.topArtists()).extracting(Weighted::name).containsExactly("A", "B");
            assertThat(snapshot.topTags()).extracting(Weighted::name).containsExactlyInAnyOrder("rock", "jazz", "indie");
            assertThat(snapshot.eventsApplied()).isEqualTo(6);
        }
    }

    @Test
    void aUserInactiveForTheUserTtlStartsAfresh() throws Exception {
        try (var h = harness(TasteSettings.defaults())) {
            h.setStateTtlProcessingTime(0);
            send(h, EnrichedEvent.of(play("bea", "A", "a", 0), tags("rock", 1)));
            h.setStateTtlProcessingTime(USER_TTL.toMillis() - 1);
            send(h, EnrichedEvent.of(play("bea", "B", "b", 1), tags("jazz", 1)));
            assertThat(last(h).eventsApplied()).as("still active").isEqualTo(2);

            // a year without any event of bea's (measured from her last event): her taste is gone
            h.setStateTtlProcessingTime(2 * USER_TTL.toMillis());
            send(h, EnrichedEvent.of(play("bea", "C", "c", 2), tags("folk", 1)));
            TasteSnapshot snapshot = last(h);
            assertThat(snapshot.eventsApplied()).isEqualTo(1);
            assertThat(snapshot.topArtists()).extracting(Weighted::name).containsExactly("C");
        }
    }

    @Test
    void aRedeliveryWithinTheDedupTtlIsDroppedAndOneAfterItCountsAgain() throws Exception {
        EnrichedEvent play = EnrichedEvent.of(play("cy", "A", "a", 0), tags("rock", 1));
        try (var h = harness(TasteSettings.defaults())) {
            h.setStateTtlProcessingTime(0);
            send(h, play);
            h.setStateTtlProcessingTime(DEDUP_TTL.toMillis() - 1);
            send(h, play);
            assertThat(h.extractOutputValues()).hasSize(1);
            h.setStateTtlProcessingTime(DEDUP_TTL.toMillis() + 1);
            send(h, play);
            assertThat(last(h).eventsApplied()).as("the documented bound of dedup").isEqualTo(2);
        }
    }
}
