package io.tastestream.taste.functions;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.serde.JsonCodec;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.state.TasteStateCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.StateTtlConfig;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;
import org.apache.flink.streaming.api.TimeDomain;
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
 * processing time; the default of 30 days covers realistic redeliveries at ~50 bytes per play. A redelivery older
 * than the dedup TTL is counted again: that is the documented bound of "applied once".
 *
 * <p>A user's taste itself expires after {@code userTtl} of processing time without any event of theirs (state TTL,
 * cleaned up by RocksDB compaction), and within a user the tags and artists are bounded by the settings (see
 * {@link TasteState}). Together they bound the state.
 *
 * <p>Snapshot emission is coalesced per user when {@code emitInterval} is positive: every event is applied to the
 * state at once, but a user's snapshot goes out at most once per interval of processing time, carrying the latest
 * event as its trigger. A snapshot is several KB of JSON and building, writing and shipping it cost more than
 * applying the event, so during a replay or a burst one snapshot per event is most of the job's work, while serving
 * only needs the latest. The first event of a quiet user starts the interval (a processing-time timer); events
 * within it only replace the pending trigger. Processing-time timers do not fire at the end of a bounded input, so
 * a pending snapshot also holds an event-time timer at {@link #END_OF_INPUT}, which only the final watermark of a
 * finished (or drained) input reaches: the last snapshot of every user is still emitted. Pending triggers and timers
 * are checkpointed, so a snapshot pending at a failure or a savepoint goes out after the restore. Zero emits one
 * snapshot per event, as before.
 *
 * <p>Run by {@link TasteOperator} (as the job does), a changed taste stays decoded in memory while its snapshot is
 * pending and is written to RocksDB once, when the snapshot goes out or before the next checkpoint barrier,
 * whichever comes first (see {@link #deferWrites}); run as a plain process function it is written on every event.
 *
 * <p>Metrics (operator scope, on the dashboard and any Flink metric reporter): {@code tasteUpdates} (count) and
 * {@code tasteUpdatesPerSecond}, {@code lateEvents}, {@code duplicateEvents}, {@code stateBytes} (histogram of the
 * serialised taste size per update) and {@code lastStateBytes}.
 */
public class TasteFunction extends KeyedProcessFunction<String, EnrichedEvent, TasteSnapshot> {
    private static final long serialVersionUID = 1L;

    public static final Duration DEFAULT_DEDUP_TTL = Duration.ofDays(30);
    public static final Duration DEFAULT_USER_TTL = Duration.ofDays(365);
    /** Event time that only the watermark of an ended input reaches (Flink sends Long.MAX_VALUE then). */
    static final long END_OF_INPUT = Long.MAX_VALUE;
    private static final JsonCodec<Trigger> TRIGGER = JsonCodec.of(Trigger.class);

    private final TasteSettings settings;
    private final Duration dedupTtl;
    private final Duration userTtl;
    private final long emitIntervalMillis;

    /**
     * TasteState in {@link TasteStateCodec}'s compact form (older builds stored its JSON, which still reads): schema
     * evolution is the codec's business, not a Flink state migration.
     */
    private transient ValueState<byte[]> taste;
    /** Ids of events already applied; the value is unused (MapState is the cheapest keyed set). */
    private transient MapState<String, Boolean> seenEventIds;
    /** Trigger of the snapshot waiting for its timer (JSON); absent when nothing is pending. */
    private transient ValueState<byte[]> pendingTrigger;
    private transient Counter lateEvents;
    private transient Counter duplicateEvents;
    private transient Counter tasteUpdates;
    private transient Histogram stateBytes;
    private transient volatile long lastStateBytes;
    private transient TasteStateCodec codec;
    /**
     * Users whose taste changed since it was last written to {@link #taste}, decoded (see {@link #deferWrites}).
     * Null while writes are not deferred.
     */
    private transient Map<String, Unwritten> unwritten;

    /** A user's changed taste and the latest event, the trigger of the pending snapshot. */
    private static final class Unwritten {
        final TasteState state;
        Trigger trigger;

        Unwritten(TasteState state) {
            this.state = state;
        }
    }

    public TasteFunction(TasteSettings settings, Duration dedupTtl, Duration userTtl, Duration emitInterval) {
        this.settings = Objects.requireNonNull(settings);
        this.dedupTtl = positive(dedupTtl, "dedup TTL");
        this.userTtl = positive(userTtl, "user TTL");
        if (emitInterval == null || emitInterval.isNegative()) {
            throw new IllegalArgumentException("emit interval must be zero or positive, was " + emitInterval);
        }
        this.emitIntervalMillis = emitInterval.toMillis();
    }

    /** One snapshot per event. */
    public TasteFunction(TasteSettings settings, Duration dedupTtl, Duration userTtl) {
        this(settings, dedupTtl, userTtl, Duration.ZERO);
    }

    public TasteFunction(TasteSettings settings, Duration dedupTtl) {
        this(settings, dedupTtl, DEFAULT_USER_TTL);
    }

    private static Duration positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
        return d;
    }

    @Override
    public void open(OpenContext openContext) {
        codec = new TasteStateCodec(settings.halfLife());
        ValueStateDescriptor<byte[]> tasteState =
                new ValueStateDescriptor<>("taste-state", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        tasteState.enableTimeToLive(ttl(userTtl));
        taste = getRuntimeContext().getState(tasteState);
        MapStateDescriptor<String, Boolean> seen =
                new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        seen.enableTimeToLive(ttl(dedupTtl));
        seenEventIds = getRuntimeContext().getMapState(seen);
        pendingTrigger = getRuntimeContext().getState(
                new ValueStateDescriptor<>("pending-trigger", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        var metrics = getRuntimeContext().getMetricGroup();
        lateEvents = metrics.counter("lateEvents");
        duplicateEvents = metrics.counter("duplicateEvents");
        tasteUpdates = metrics.counter("tasteUpdates");
        metrics.meter("tasteUpdatesPerSecond", new MeterView(tasteUpdates));
        stateBytes = metrics.histogram("stateBytes", new DescriptiveStatisticsHistogram(1000));
        metrics.gauge("lastStateBytes", () -> lastStateBytes);
    }

    /** Written entries live for {@code ttl} after their last write; expired ones are never returned. */
    private static StateTtlConfig ttl(Duration ttl) {
        return StateTtlConfig.newBuilder(ttl)
                .setUpdateType(StateTtlConfig.UpdateType.OnCreateAndWrite)
                .setStateVisibility(StateTtlConfig.StateVisibility.NeverReturnExpired)
                .build();
    }

    /**
     * The stored form of a user's taste ({@link TasteStateCodec}); a test overrides this to write what an older
     * build wrote.
     */
    protected byte[] encodeState(TasteState state) {
        return codec.encode(state);
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

        tasteUpdates.inc();
        String user = ctx.getCurrentKey();
        if (unwritten != null) {
            Unwritten changed = unwritten.get(user);
            if (changed == null) {
                // the first event since this user was last written: the pending snapshot, if any, is in state
                changed = new Unwritten(read());
                if (pendingTrigger.value() == null) {
                    registerSnapshotTimers(ctx);
                }
                unwritten.put(user, changed);
            }
            apply(changed.state, event);
            changed.trigger = event.trigger();
            return;
        }
        TasteState state = read();
        apply(state, event);
        write(state);
        if (emitIntervalMillis == 0) {
            out.collect(state.snapshot(event.userId(), event.trigger(), settings));
            return;
        }
        if (pendingTrigger.value() == null) {
            registerSnapshotTimers(ctx);
        }
        pendingTrigger.update(TRIGGER.encode(event.trigger()));
    }

    private void registerSnapshotTimers(Context ctx) {
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + emitIntervalMillis);
        ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
    }

    private void apply(TasteState state, EnrichedEvent event) {
        if (event.play() != null) {
            state.applyPlay(event.play(), event.artistTags(), settings);
        } else {
            state.applyFeedback(event.feedback(), event.artistTags(), settings);
        }
    }

    /** The current user's stored taste, or an empty one. */
    private TasteState read() throws Exception {
        byte[] stored = taste.value();
        return stored == null ? new TasteState() : codec.decode(stored);
    }

    private void write(TasteState state) throws Exception {
        byte[] updated = encodeState(state);
        taste.update(updated);
        stateBytes.update(updated.length);
        lastStateBytes = updated.length;
    }

    /**
     * Keeps changed tastes decoded in memory and writes each to RocksDB once, when its pending snapshot goes out or
     * when {@link #writeUnwritten} is called, instead of decoding and re-encoding the whole taste on every event
     * (which was most of the job's cost during bursts). Only the caller can make this safe: it must call
     * {@link #writeUnwritten} before every checkpoint barrier (so a checkpoint holds every applied event) and at the
     * end of input; {@link TasteOperator} does. Only with coalesced snapshots: then every changed user has a pending
     * timer that writes it within one emit interval, which bounds the memory held to the users active in that
     * interval. With one snapshot per event (interval zero) writes stay immediate.
     */
    void deferWrites() {
        if (emitIntervalMillis > 0) {
            unwritten = new HashMap<>();
        }
    }

    /** How many changed tastes wait to be written. */
    int unwrittenCount() {
        return unwritten == null ? 0 : unwritten.size();
    }

    /**
     * Writes every changed taste to keyed state; {@code selectKey} makes the given user the current key (keyed
     * state is read and written for the current key only). Leaves the current key on the last user written.
     */
    void writeUnwritten(Consumer<String> selectKey) throws Exception {
        if (unwritten == null || unwritten.isEmpty()) {
            return;
        }
        for (Map.Entry<String, Unwritten> e : unwritten.entrySet()) {
            selectKey.accept(e.getKey());
            write(e.getValue().state);
            // still pending: its timer reads it from state after this
            pendingTrigger.update(TRIGGER.encode(e.getValue().trigger));
        }
        unwritten.clear();
    }

    /** The pending snapshot, when its interval is over or the input has ended (whichever comes first). */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TasteSnapshot> out) throws Exception {
        Unwritten changed = unwritten != null ? unwritten.remove(ctx.getCurrentKey()) : null;
        Trigger trigger;
        if (changed != null) {
            trigger = changed.trigger;
        } else {
            byte[] stored = pendingTrigger.value();
            if (stored == null) {
                return; // already emitted by the other timer
            }
            trigger = TRIGGER.decode(stored);
        }
        pendingTrigger.clear();
        if (ctx.timeDomain() == TimeDomain.PROCESSING_TIME) {
            ctx.timerService().deleteEventTimeTimer(END_OF_INPUT); // else one would linger per user
        }
        TasteState state;
        if (changed != null) {
            state = changed.state;
            write(state);
        } else {
            byte[] stored = taste.value();
            if (stored == null) {
                return; // only when the user expired meanwhile
            }
            state = codec.decode(stored);
        }
        out.collect(state.snapshot(ctx.getCurrentKey(), trigger, settings));
    }
}
