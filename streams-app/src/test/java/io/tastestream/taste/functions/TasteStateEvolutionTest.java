package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.serde.Json;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
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
 * State schema evolution: a snapshot of RocksDB state written by an older TasteState (without the fields added
 * since: display names of tags and artists) restores into the current job, which keeps counting from it.
 */
class TasteStateEvolutionTest {
    static final TasteSettings SETTINGS = TasteSettings.defaults();

    /** The taste function as an older build wrote its state: the same JSON without the newer fields. */
    static final class OlderTasteFunction extends TasteFunction {
        OlderTasteFunction() {
            super(SETTINGS, Duration.ofDays(30), Duration.ofDays(365));
        }

        @Override
        protected byte[] encodeState(TasteState state) {
            ObjectNode json = Json.mapper().valueToTree(state);
            json.remove(List.of("tagNames", "artistNames"));
            try {
                return Json.mapper().writeValueAsBytes(json);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> harness(
            TasteFunction function) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new KeyedProcessOperator<>(function),
                EnrichedEvent::userId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    @Test
    void stateWrittenByTheOlderShapeRestoresAndKeepsCounting() throws Exception {
        EnrichedEvent before = EnrichedEvent.of(play("dan", "Mogwai", "Auto Rock", 0), tags("Post-Rock", 1));
        EnrichedEvent after = EnrichedEvent.of(play("dan", "Mogwai", "Friend of the Night", 1), tags("Post-Rock", 1));

        OperatorSubtaskState older;
        try (var h = harness(new OlderTasteFunction())) {
            h.open();
            h.processElement(before, before.trigger().at().toEpochMilli());
            older = h.snapshot(1L, 1L);
        }

        try (var h = harness(new TasteFunction(SETTINGS, Duration.ofDays(30), Duration.ofDays(365)))) {
            h.initializeState(older);
            h.open();
            h.processElement(before, before.trigger().at().toEpochMilli()); // a replay: still known, dropped
            h.processElement(after, after.trigger().at().toEpochMilli());
            List<TasteSnapshot> out = h.extractOutputValues();
            assertThat(out).hasSize(1);
            TasteSnapshot snapshot = out.get(0);
            assertThat(snapshot.eventsApplied()).isEqualTo(2);
            double decayOneMinute = SETTINGS.halfLife().factor(60_000);
            // the weights carried over; the display names the old state lacked are filled in by the next event
            assertThat(snapshot.topArtists()).singleElement().satisfies(w -> {
                assertThat(w.name()).isEqualTo("Mogwai");
                assertThat(w.weight()).isCloseTo(1 + decayOneMinute, within(1e-12));
            });
            assertThat(snapshot.topTags()).extracting(Weighted::name).containsExactly("Post-Rock");
        }
    }
}
