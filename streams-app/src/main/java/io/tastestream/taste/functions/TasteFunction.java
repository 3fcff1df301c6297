package io.tastestream.taste.functions;

import io.tastestream.core.dedup.CrossSourcePlayMatcher;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.serde.JsonCodec;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.taste.dedup.CrossSourceBucket;
import io.tastestream.taste.dedup.SeenEvents;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.state.TasteStateCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
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
 * <p><b>Across sources</b>, one real play may also arrive twice under different ids: from Spotify (poller or export)
 * and as the Last.fm scrobble the Spotify app made of it, with the scrobble stamped at the start and Spotify at the
 * end of the play ({@link CrossSourcePlayMatcher} has the matching rule). Spotify's record wins: it says how long the
 * track really played (partial plays count in proportion) and its exact end. So, after the play-id dedup, Spotify
 * plays and Last.fm scrobbles go through a per-user index keyed by {@link CrossSourcePlayMatcher#playKey} (artist
 * and track as both services spell them) and day; plays of other sources bypass it. A scrobble whose Spotify play is already
 * counted is dropped; a Spotify play whose scrobble is already counted replaces it (the scrobble is taken back
 * exactly, with the tags it was applied with, by {@link TasteState#retractPlay}). Pairing is one-to-one and closest
 * first, recomputed over the plays a new one can be linked with, so the taste ends up as if the dedup had seen all
 * plays at once, whichever source arrives first ({@link CrossSourceBucket}). Each pair counts once in
 * {@code crossSourceDuplicates}. Index entries live for the dedup TTL of processing time: a partner arriving later
 * than that counts as a play of its own, the same bound as for redeliveries. A dropped scrobble changes nothing, so
 * it emits no snapshot and does not count in {@code tasteUpdates}.
 *
 * <p>Dedup ids expire after a processing-time TTL rather than living forever: redeliveries happen within minutes or
 * days (at-least-once restarts, re-polling the same "recently played" window, replaying an export again), while
 * keeping every play id of every user forever would make state grow without bound. Flink's state TTL only supports
 * processing time; the default of 30 days covers realistic redeliveries. The ids are kept as 64-bit hashes grouped
 * by the processing day they were first seen ({@link SeenEvents}: 8 bytes per event, one state entry per user and
 * day, expiring a dedup TTL after the day's last write), so an id is remembered for at least the dedup TTL and at
 * most a day longer. A redelivery older than that is counted again: that is the documented bound of "applied
 * once". State from builds that kept each id as its own entry is read once per user and moved over.
 *
 * <p>A user's taste itself expires after {@code userTtl} of processing time without any event of theirs (state TTL,
 * cleaned up by RocksDB compaction), and within a user the tags and artists are bounded by the settings (see
 * {@link TasteState}). Together they bound the state.
 *
 * <p>Snapshot emission is throttled per user when {@code emitInterval} is positive, on both edges: every event is
 * applied to the state at once; the first change of a quiet user goes out at once (so a live play is not held
 * back), and starts an interval of processing time during which further changes only replace a pending trigger;
 * when the interval ends, the pending snapshot (if any) goes out carrying the latest event as its trigger and
 * starts the next interval, and an interval that ends with nothing pending makes the user quiet again. A snapshot
 * is several KB of JSON and building, writing and shipping it cost more than applying the event, so during a
 * replay or a burst one snapshot per event would be most of the job's work, while serving only needs the latest.
 * Processing-time timers do not fire at the end of a bounded input, so the last snapshot of every user must go out
 * otherwise when the input ends (or is drained): {@link TasteOperator} sends every pending one when it finishes
 * ({@link #emitPendingAtEndOfInput}); run as a plain process function, a pending snapshot holds an event-time timer
 * at {@link #END_OF_INPUT}, which only the final watermark of a finished input reaches. (Registering and deleting
 * that timer per interval went through RocksDB's timer queue and cost the operator more than a twentieth of its
 * time, so the operator does without.) Pending triggers, the interval and the timers are checkpointed, so a snapshot
 * pending at a failure or a savepoint goes out after the restore. Zero emits one snapshot per event.
 *
 * <p>Run by {@link TasteOperator} (as the job does), recently active users' tastes and seen events stay decoded in
 * memory, whatever the interval, and a changed one is written to RocksDB before the next checkpoint barrier, at the
 * end of input or when the user is evicted from memory (see {@link #deferWrites}); run as a plain process function
 * it is written on every event.
 *
 * <p>Metrics (operator scope, on the dashboard and any Flink metric reporter): {@code tasteUpdates} (count) and
 * {@code tasteUpdatesPerSecond}, {@code lateEvents}, {@code duplicateEvents}, {@code crossSourceDuplicates},
 * {@code stateBytes} (histogram of the
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
    private final long userTtlMillis;
    /**
     * How long cross-source index entries live: the dedup TTL, but never longer than a user's taste, so a scrobble
     * is never taken back from a taste that has expired (and restarted empty) meanwhile.
     */
    private final Duration indexTtl;

    /**
     * TasteState in {@link TasteStateCodec}'s compact form (older builds stored its JSON, which still reads): schema
     * evolution is the codec's business, not a Flink state migration.
     */
    private transient ValueState<byte[]> taste;
    /**
     * Hashes of the events already applied, by the processing day they were first seen ({@link SeenEvents}'s
     * stored form of a day).
     */
    private transient MapState<Long, byte[]> seenEvents;
    /**
     * How builds before {@link SeenEvents} kept the ids of events applied, one entry each (the value is unused):
     * still read, so that their savepoints keep deduplicating; a user's entries move into {@link #seenEvents} when
     * the user is next read into memory.
     */
    private transient MapState<String, Boolean> seenEventIds;
    /**
     * Recently applied Spotify plays and Last.fm scrobbles per {@link CrossSourcePlayMatcher#playKey} and day of the
     * play ({@link CrossSourceBucket#storageKey}), in {@link CrossSourceBucket}'s binary form: the index of the cross-source dedup. Written at once (not deferred):
     * it only ever changes together with the taste, which the checkpoint barrier writes, so both restore in step.
     */
    private transient MapState<String, byte[]> crossSourcePlays;
    /** Name of {@link #pendingTrigger}: {@link TasteOperator} finds the users with a pending snapshot by it. */
    static final String PENDING_TRIGGER = "pending-trigger";
    /** Trigger of the snapshot waiting for its timer (JSON); absent when nothing is pending. */
    private transient ValueState<byte[]> pendingTrigger;
    /**
     * True while the user's emit interval runs (a processing-time timer ends it); absent when the user is quiet, so
     * that the next change goes out at once. Absent in savepoints of builds that only emitted at the end of an
     * interval: their restored timers end the interval as usual.
     */
    private transient ValueState<Boolean> emitInterval;
    private transient Counter lateEvents;
    private transient Counter duplicateEvents;
    private transient Counter crossSourceDuplicates;
    private transient Counter tasteUpdates;
    private transient Histogram stateBytes;
    private transient volatile long lastStateBytes;
    private transient TasteStateCodec codec;
    /**
     * Recently active users' tastes, decoded (see {@link #deferWrites}); each knows when it was last used, for
     * {@link #evictBeyond}. Null while writes are not deferred. A plain HashMap with a use count rather than an
     * access-ordered LinkedHashMap, which relinks its list on every look-up (three scattered nodes written per event).
     */
    private transient HashMap<String, Cached> cached;
    /** Counts look-ups in {@link #cached}: a user's {@code lastUsed} is the count at their latest. */
    private transient long uses;

    /**
     * A user's decoded taste, whether it differs from what is in state, the pending snapshot's trigger and whether
     * an emit interval runs.
     */
    private static final class Cached {
        final TasteState state;
        /** The latest event since the last snapshot went out, or null when no snapshot is pending. */
        Trigger pending;
        /** An emit interval runs: a change now waits for its end. */
        boolean inInterval;
        /** Taste, pending trigger or interval changed since they were last written to state. */
        boolean dirty;
        /**
         * The taste itself changed since it was last written: a snapshot going out or an interval ending changes
         * only the small trigger and interval state, and need not re-encode the taste.
         */
        boolean tasteChanged;
        /** Processing time of the last change: a user idle for the user TTL is read from state again (expired). */
        long changedAt;
        /** The events already applied: a new one is recognised in memory (and knows what it has not written). */
        final SeenEvents seen;
        /** {@link #uses} when the user was last looked up. */
        long lastUsed;
        /**
         * The user may hold an {@link #END_OF_INPUT} timer: read with a pending snapshot that a plain process
         * function (or an older build) may have registered one for. Deleted when that snapshot goes out.
         */
        boolean mayHoldEndTimer;

        Cached(TasteState state, Trigger pending, boolean inInterval, long changedAt, SeenEvents seen) {
            this.state = state;
            this.pending = pending;
            this.inInterval = inInterval;
            this.changedAt = changedAt;
            this.seen = seen;
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
        this.userTtlMillis = this.userTtl.toMillis();
        this.indexTtl = this.dedupTtl.compareTo(this.userTtl) <= 0 ? this.dedupTtl : this.userTtl;
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
        MapStateDescriptor<Long, byte[]> seen = new MapStateDescriptor<>(
                "seen-event-hashes", Types.LONG, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        seen.enableTimeToLive(ttl(dedupTtl));
        seenEvents = getRuntimeContext().getMapState(seen);
        MapStateDescriptor<String, Boolean> seenIds =
                new MapStateDescriptor<>("seen-event-ids", Types.STRING, Types.BOOLEAN);
        seenIds.enableTimeToLive(ttl(dedupTtl));
        seenEventIds = getRuntimeContext().getMapState(seenIds);
        MapStateDescriptor<String, byte[]> crossSource = new MapStateDescriptor<>(
                "cross-source-plays", Types.STRING, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO);
        crossSource.enableTimeToLive(ttl(indexTtl));
        crossSourcePlays = getRuntimeContext().getMapState(crossSource);
        pendingTrigger = getRuntimeContext().getState(
                new ValueStateDescriptor<>(PENDING_TRIGGER, PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        emitInterval = getRuntimeContext().getState(new ValueStateDescriptor<>("emit-interval", Types.BOOLEAN));
        var metrics = getRuntimeContext().getMetricGroup();
        lateEvents = metrics.counter("lateEvents");
        duplicateEvents = metrics.counter("duplicateEvents");
        crossSourceDuplicates = metrics.counter("crossSourceDuplicates");
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
        long eventHash = SeenEvents.hash(event.eventId());
        long now = ctx.timerService().currentProcessingTime();
        long today = SeenEvents.dayOf(now);
        if (cached != null) {
            Cached user = cachedOf(ctx.getCurrentKey(), now);
            if (user == null) {
                // not in memory: read taste, pending trigger and interval (a snapshot may be pending since before
                // a restore), and the events seen
                byte[] pending = pendingTrigger.value();
                user = new Cached(read(), pending == null ? null : TRIGGER.decode(pending),
                        Boolean.TRUE.equals(emitInterval.value()), now, readSeen(today));
                user.dirty = user.seen.hasChanges(); // ids moved over from an older build's entries
                user.mayHoldEndTimer = pending != null;
                user.lastUsed = ++uses;
                cached.put(ctx.getCurrentKey(), user);
            }
            user.seen.forgetBefore(SeenEvents.dayOf(now - dedupTtl.toMillis()) - 1);
            if (!user.seen.add(eventHash, today)) {
                duplicateEvents.inc();
                return;
            }
            user.dirty = true;
            countIfLate(ctx);
            if (!apply(user.state, event, now)) {
                return; // the taste is unchanged: no snapshot
            }
            tasteUpdates.inc();
            user.tasteChanged = true;
            user.changedAt = now;
            if (emitIntervalMillis == 0) {
                emitNow(user, event.trigger(), ctx, out);
            } else if (user.inInterval) {
                user.pending = event.trigger(); // the operator sends it at the end of input if no timer has
            } else {
                emitAndStartInterval(user, event.trigger(), ctx, out);
            }
            return;
        }
        if (SeenEvents.containsIn(seenEvents.values(), eventHash) || seenEventIds.contains(event.eventId())) {
            duplicateEvents.inc();
            return;
        }
        storeSeen(event.eventId(), eventHash, today);
        countIfLate(ctx);
        TasteState state = read();
        if (!apply(state, event, now)) {
            return;
        }
        tasteUpdates.inc();
        write(state);
        if (emitIntervalMillis == 0) {
            out.collect(state.snapshot(event.userId(), event.trigger(), settings));
            return;
        }
        if (Boolean.TRUE.equals(emitInterval.value())) {
            if (pendingTrigger.value() == null) {
                ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            }
            pendingTrigger.update(TRIGGER.encode(event.trigger()));
        } else {
            if (pendingTrigger.value() != null) { // pending since a restore of an older build's state
                pendingTrigger.clear();
                ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
            }
            out.collect(state.snapshot(event.userId(), event.trigger(), settings));
            emitInterval.update(Boolean.TRUE);
            ctx.timerService().registerProcessingTimeTimer(now + emitIntervalMillis);
        }
    }

    private void countIfLate(Context ctx) {
        Long timestamp = ctx.timestamp();
        if (timestamp != null && timestamp < ctx.timerService().currentWatermark()) {
            lateEvents.inc();
        }
    }

    /**
     * The current user's events seen, all days; ids that an older build stored one by one are moved in as seen
     * {@code today} (changed, so they are written with the rest, and their old entries are gone).
     */
    private SeenEvents readSeen(long today) throws Exception {
        SeenEvents seen = SeenEvents.decode(seenEvents.entries());
        if (!seenEventIds.isEmpty()) {
            for (String id : seenEventIds.keys()) {
                seen.add(SeenEvents.hash(id), today);
            }
            seenEventIds.clear();
        }
        return seen;
    }

    /**
     * Stores a new event's hash for the dedup when tastes are not held in memory (one read and write of the day's
     * entry per event). A test overrides this to store the id as builds before {@link SeenEvents} did, with
     * {@link #storeAsOlderBuildsDid}.
     */
    protected void storeSeen(String eventId, long hash, long day) throws Exception {
        seenEvents.put(day, SeenEvents.append(seenEvents.get(day), hash));
    }

    /** How builds before {@link SeenEvents} stored the id of an event applied. */
    protected final void storeAsOlderBuildsDid(String eventId) throws Exception {
        seenEventIds.put(eventId, Boolean.TRUE);
    }

    /** The leading edge: a quiet user's change goes out at once, and an interval starts. */
    private void emitAndStartInterval(Cached user, Trigger trigger, Context ctx, Collector<TasteSnapshot> out) {
        emitNow(user, trigger, ctx, out);
        user.inInterval = true;
        ctx.timerService().registerProcessingTimeTimer(ctx.timerService().currentProcessingTime() + emitIntervalMillis);
    }

    /**
     * Sends the user's snapshot now; nothing stays pending (a snapshot pending since the restore of state written
     * with a positive interval, if any, is overtaken by this one).
     */
    private void emitNow(Cached user, Trigger trigger, Context ctx, Collector<TasteSnapshot> out) {
        user.pending = null;
        forgetEndTimer(user, ctx);
        out.collect(user.state.snapshot(ctx.getCurrentKey(), trigger, settings));
    }

    /** Applies the event to the taste; false when it leaves the taste unchanged (a scrobble already counted). */
    private boolean apply(TasteState state, EnrichedEvent event, long now) throws Exception {
        PlayEvent play = event.play();
        if (play == null) {
            state.applyFeedback(event.feedback(), event.artistTags(), settings);
            return true;
        }
        if (CrossSourcePlayMatcher.family(play.source()) == CrossSourcePlayMatcher.Family.OTHER) {
            state.applyPlay(play, event.artistTags(), settings);
            return true;
        }
        // Spotify or Last.fm: one real play may arrive from both (see the class comment)
        String playKey = CrossSourcePlayMatcher.playKey(play);
        List<Long> days = CrossSourceBucket.days(play);
        Map<Long, byte[]> stored = new HashMap<>(4);
        List<CrossSourceBucket.Entry> near = new ArrayList<>();
        for (long day : days) {
            byte[] bytes = crossSourcePlays.get(CrossSourceBucket.storageKey(playKey, day));
            if (bytes != null) {
                stored.put(day, bytes);
                near.addAll(CrossSourceBucket.decode(bytes, play.userId(), now, indexTtl));
            }
        }
        CrossSourceBucket.Decision decision = CrossSourceBucket.of(near).add(play, event.artistTags(), now);
        Map<Long, List<CrossSourceBucket.Entry>> byDay = new HashMap<>(4);
        for (CrossSourceBucket.Entry e : decision.bucket()) {
            byDay.computeIfAbsent(CrossSourceBucket.dayOf(e.play()), d -> new ArrayList<>()).add(e);
        }
        for (long day : days) {
            List<CrossSourceBucket.Entry> entries = byDay.get(day);
            String key = CrossSourceBucket.storageKey(playKey, day);
            if (entries == null) {
                if (stored.containsKey(day)) {
                    crossSourcePlays.remove(key); // all expired
                }
                continue;
            }
            byte[] updated = CrossSourceBucket.encode(entries);
            if (!Arrays.equals(updated, stored.get(day))) {
                crossSourcePlays.put(key, updated);
            }
        }
        for (CrossSourceBucket.Entry taken : decision.retract()) {
            state.retractPlay(taken.play(), taken.tags(), settings);
        }
        for (CrossSourceBucket.Entry counted : decision.apply()) {
            state.applyPlay(counted.play(), counted.tags(), settings);
        }
        crossSourceDuplicates.inc(decision.newPairs());
        return !decision.retract().isEmpty() || !decision.apply().isEmpty();
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
     * Keeps recently active users' tastes decoded in memory and writes a changed one to RocksDB only when
     * {@link #writeChanged} or {@link #evictBeyond} is called, instead of decoding and re-encoding the whole taste
     * on every event and every snapshot (which was most of the job's cost). Only the caller can make this safe: it
     * must call {@link #writeChanged} before every checkpoint barrier (so a checkpoint holds every applied event and
     * pending snapshot) and at the end of input, and {@link #evictBeyond} to bound the memory held; {@link
     * TasteOperator} does. The memory then always mirrors the state exactly: only this function writes it, and
     * after a failure or restore the memory starts empty. With one snapshot per event (interval zero) as well: the
     * snapshot goes out from memory, and the dedup looks the event up in memory instead of reading and scanning every
     * stored day of the user's seen events per event (which grew with the dedup window).
     */
    void deferWrites() {
        cached = new HashMap<>(4096);
    }

    /** How many users' tastes are held decoded. */
    int cachedCount() {
        return cached == null ? 0 : cached.size();
    }

    /** Whether the user's taste is held decoded. */
    boolean holds(String user) {
        return cached != null && cached.containsKey(user);
    }

    /** How many of them differ from the state. */
    int changedCount() {
        return cached == null ? 0 : (int) cached.values().stream().filter(c -> c.dirty).count();
    }

    private Cached cachedOf(String user, long now) {
        Cached c = cached.get(user);
        if (c != null && !c.dirty && now - c.changedAt >= userTtlMillis) {
            cached.remove(user); // idle for the user TTL: state has expired it, so must the memory
            return null;
        }
        if (c != null) {
            c.lastUsed = ++uses;
        }
        return c;
    }

    /**
     * Writes every changed taste and pending trigger to keyed state; {@code selectKey} makes the given user the
     * current key (keyed state is read and written for the current key only). They stay in memory, unchanged.
     */
    void writeChanged(Consumer<String> selectKey) throws Exception {
        if (cached == null) {
            return;
        }
        for (Map.Entry<String, Cached> e : cached.entrySet()) {
            if (e.getValue().dirty) {
                selectKey.accept(e.getKey());
                write(e.getValue());
            }
        }
    }

    /** Writes (when changed) and forgets the least recently active users until at most {@code keep} remain. */
    void evictBeyond(int keep, Consumer<String> selectKey) throws Exception {
        if (cached == null || cached.size() <= keep) {
            return;
        }
        List<Map.Entry<String, Cached>> oldestFirst = new ArrayList<>(cached.entrySet());
        oldestFirst.sort(Comparator.comparingLong(e -> e.getValue().lastUsed));
        for (Map.Entry<String, Cached> e : oldestFirst.subList(0, oldestFirst.size() - keep)) {
            if (e.getValue().dirty) {
                selectKey.accept(e.getKey());
                write(e.getValue());
            }
            cached.remove(e.getKey());
        }
    }

    private void write(Cached c) throws Exception {
        if (c.seen.hasChanges()) {
            for (long day : c.seen.changedDays()) {
                seenEvents.put(day, c.seen.encode(day));
            }
            c.seen.markWritten();
        }
        if (c.tasteChanged) {
            write(c.state);
            c.tasteChanged = false;
        }
        if (c.pending != null) {
            pendingTrigger.update(TRIGGER.encode(c.pending)); // its timer is registered: it goes out after a restore
        } else {
            pendingTrigger.clear();
        }
        if (c.inInterval) {
            emitInterval.update(Boolean.TRUE); // so is the timer that ends it
        } else {
            emitInterval.clear();
        }
        c.dirty = false;
    }

    /**
     * The end of a user's emit interval (processing time): the pending snapshot goes out and the next interval
     * starts, or, with nothing pending, the user becomes quiet. The end of input (event time {@link #END_OF_INPUT}):
     * the pending snapshot goes out.
     */
    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<TasteSnapshot> out) throws Exception {
        boolean intervalEnds = ctx.timeDomain() == TimeDomain.PROCESSING_TIME;
        long now = ctx.timerService().currentProcessingTime();
        Cached user = cached != null ? cachedOf(ctx.getCurrentKey(), now) : null;
        Trigger trigger;
        TasteState state = null;
        if (user != null) {
            trigger = user.pending;
            user.pending = null;
            // with interval zero (state written under a positive one, restored) no new interval starts
            user.inInterval = intervalEnds ? trigger != null && emitIntervalMillis > 0 : user.inInterval;
            user.dirty = true; // the pending trigger and the interval in state, if written, must follow
            state = user.state;
        } else {
            trigger = takePendingFromState();
            if (intervalEnds) {
                if (trigger != null && emitIntervalMillis > 0) {
                    emitInterval.update(Boolean.TRUE);
                } else {
                    emitInterval.clear();
                }
            }
            if (trigger != null) {
                byte[] taste = this.taste.value();
                if (taste == null) {
                    emitInterval.clear();
                    return; // only when the user expired meanwhile
                }
                state = codec.decode(taste);
            }
        }
        if (trigger == null) {
            return; // nothing pending: the other timer sent it, or the interval ends quietly
        }
        if (intervalEnds) {
            if (user == null) {
                ctx.timerService().deleteEventTimeTimer(END_OF_INPUT); // else one would linger per user
            } else {
                forgetEndTimer(user, ctx);
            }
            if (emitIntervalMillis > 0) {
                ctx.timerService().registerProcessingTimeTimer(now + emitIntervalMillis); // the next interval
            }
        }
        out.collect(state.snapshot(ctx.getCurrentKey(), trigger, settings));
    }

    /** Deletes the user's {@link #END_OF_INPUT} timer if they may hold one (see {@link Cached#mayHoldEndTimer}). */
    private static void forgetEndTimer(Cached user, Context ctx) {
        if (user.mayHoldEndTimer) {
            ctx.timerService().deleteEventTimeTimer(END_OF_INPUT);
            user.mayHoldEndTimer = false;
        }
    }

    /**
     * The end of input for {@link TasteOperator}: sends every pending snapshot, of the users held in memory and of
     * {@code usersPendingInState} (users with a pending trigger in state: evicted, or restored and not seen since),
     * and leaves nothing pending. {@code selectKey} makes a user the current key.
     */
    void emitPendingAtEndOfInput(List<String> usersPendingInState, Consumer<String> selectKey,
                                 Collector<TasteSnapshot> out) throws Exception {
        if (cached == null) {
            return; // not deferring writes: pending snapshots hold their end-of-input timers
        }
        for (Map.Entry<String, Cached> e : cached.entrySet()) {
            Cached user = e.getValue();
            if (user.pending != null) {
                selectKey.accept(e.getKey());
                out.collect(user.state.snapshot(e.getKey(), user.pending, settings));
                user.pending = null;
                user.dirty = true;
            }
        }
        for (String key : usersPendingInState) {
            if (cached.containsKey(key)) {
                continue; // memory is ahead of the state: sent above, or nothing pending any more
            }
            selectKey.accept(key);
            Trigger pending = takePendingFromState();
            byte[] stored = taste.value();
            if (pending != null && stored != null) {
                out.collect(codec.decode(stored).snapshot(key, pending, settings));
            }
        }
    }

    /** The current user's pending trigger in state, or null; it is no longer pending afterwards. */
    private Trigger takePendingFromState() throws Exception {
        byte[] stored = pendingTrigger.value();
        pendingTrigger.clear();
        return stored == null ? null : TRIGGER.decode(stored);
    }
}
