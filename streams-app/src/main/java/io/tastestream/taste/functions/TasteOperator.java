package io.tastestream.taste.functions;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.taste.records.EnrichedEvent;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.KeyedStateBackend;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a {@link TasteFunction} with deferred state writes ({@link TasteFunction#deferWrites}): recently active
 * users' tastes stay decoded in memory, and this operator writes the changed ones before every checkpoint barrier
 * leaves it (so checkpoints and savepoints hold every event applied before the barrier and every pending snapshot,
 * exactly as with immediate writes) and at the end of input, and writes and forgets the least recently active when
 * more than {@link #MAX_CACHED} are held.
 *
 * <p>It is a {@link KeyedProcessOperator} with the same state and timers, so checkpoints and savepoints of the
 * {@code taste-per-user} operator from builds that used a plain KeyedProcessOperator restore into it and back.
 */
public final class TasteOperator extends KeyedProcessOperator<String, EnrichedEvent, TasteSnapshot> {
    private static final long serialVersionUID = 1L;

    /**
     * Bounds the memory of decoded tastes: about 34 KB each with the default bounds (100 tags, 100 artists), plus
     * about 24 bytes per event id in the dedup window ({@code SeenEvents}), so about 70 MB for users of a few
     * thousand events a month; beyond it the least recently active tenth is written and forgotten.
     */
    static final int MAX_CACHED = 2_000;

    private final TasteFunction taste;

    public TasteOperator(TasteFunction taste) {
        super(taste);
        this.taste = taste;
    }

    @Override
    public void open() throws Exception {
        super.open();
        taste.deferWrites();
    }

    @Override
    public void processElement(StreamRecord<EnrichedEvent> element) throws Exception {
        super.processElement(element);
        if (taste.cachedCount() > MAX_CACHED) {
            Object current = getCurrentKey();
            taste.evictBeyond(MAX_CACHED - MAX_CACHED / 10, this::setCurrentKey);
            setCurrentKey(current);
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        writeChanged();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    /**
     * The end of input (or a drain): every pending snapshot goes out (the function registers no end-of-input timers
     * in this operator, see {@link TasteFunction#emitPendingAtEndOfInput}), then every change is written.
     */
    @Override
    public void finish() throws Exception {
        super.finish();
        List<String> pendingInState;
        KeyedStateBackend<String> state = getKeyedStateBackend();
        try (Stream<String> keys = state.getKeys(TasteFunction.PENDING_TRIGGER, VoidNamespace.INSTANCE)) {
            pendingInState = keys.toList(); // read before the state changes under the iteration
        }
        TimestampedCollector<TasteSnapshot> out = new TimestampedCollector<>(output);
        out.eraseTimestamp();
        Object current = getCurrentKey();
        taste.emitPendingAtEndOfInput(pendingInState, this::setCurrentKey, out);
        if (current != null) {
            setCurrentKey(current);
        }
        writeChanged();
    }

    private void writeChanged() throws Exception {
        Object current = getCurrentKey();
        taste.writeChanged(this::setCurrentKey);
        if (current != null) {
            setCurrentKey(current);
        }
    }
}
