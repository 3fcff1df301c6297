package io.tastestream.taste.functions;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.taste.records.EnrichedEvent;
import java.time.Duration;
import java.util.Objects;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by user id: folds each play and feedback event into the user's {@link TasteState} and emits the resulting
 * {@link TasteSnapshot}. Late events are applied like any other (the decay math is order-independent) and counted in
 * {@code lateEvents}. An event seen before (same play id, or same feedback) is dropped and counted in
 * {@code duplicateEvents}.
 *
 * <p>Dedup ids expire after a processing-time TTL rather than living forever: redeliveries happen within minutes or
 * days (at-least-once restarts, re-polling the same "recently played" window, replaying an export again), while
 * keeping every play id of every user forever would make state grow without bound. Flink's state TTL only supports
 * processing time; the default of 30 days covers realistic redeliveries at ~50 bytes per play.
 */
public class TasteFunction extends KeyedProcessFunction<String, EnrichedEvent, TasteSnapshot> {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_DEDUP_TTL = Duration.ofDays(30);

    private final TasteSettings settings;
    private final Duration dedupTtl;

    /** TasteState as its core JSON: schema evolution is the codec's business, not a Flink state migration. */
    private transient ValueState<byte[]> taste;
    /** Ids of events already applied; the value is unused (MapState is the cheapest keyed set). */
    private transient MapState<String, Boolean> seenEventIds;
    private transient Counter lateEvents;
    private transient Counter duplicateEvents;

    public TasteFunction(TasteSettings settings, Duration dedupTtl) {
        this.settings = Objects.requireNonNull(settings);
        if (dedupTtl == null || dedupTtl.isNegative() || dedupTtl.isZero()) {
            throw new IllegalArgumentException("dedup TTL must be positive, was " + dedupTtl);
        }
        this.dedupTtl = dedupTtl;
    }

    @Override
    public void open(OpenContext openContext) {
        taste = getRuntimeContext().getState(
                new ValueStateDescriptor<>("taste-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        MapStateDescriptor<String, Boolean> seen =
                new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        seen.enableTimeToLive(StateTtlConfig.newBuilder(dedupTtl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build());
        seenEventIds = getRuntimeContext().getMapState(seen);
        lateEvents = getRuntimeContext().getMetricGroup().counter("lateEvents");
        duplicateEvents = getRuntimeContext().getMetricGroup().counter("duplicateEvents");
    }

    @Override
    public void processElement(EnrichedEvent event, Context ctx, Collector<TasteSnapshot> out) throws Exception {
        String eventId = event.eventId();
        if (seenEventIds.contains(eventId)) {
            duplicateEvents.inc();
            return;
        }
        seenEventIds.put(eventId, Boolean.TRUE);
        Long timestamp = ctx.timestamp();
        if (timestamp != null && timestamp < ctx.timerService().currentWatermark()) {
            lateEvents.inc();
        }

        byte[] stored = taste.value();
        TasteState state = stored == null ? new TasteState() : TasteState.SERDE.decode(stored);
        if (event.play() != null) {
            state.applyPlay(event.play(), event.artistTags(), settings);
        } else {
            state.applyFeedback(event.feedback(), event.artistTags(), settings);
        }
        taste.update(TasteState.SERDE.encode(state));
        out.collect(state.snapshot(event.userId(), event.trigger(), settings));
    }
}
