package io.tastestream.taste.functions;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.taste.records.EnrichedEvent;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;

/**
 * Runs a {@link TasteFunction} with deferred state writes ({@link TasteFunction#deferWrites}): changed tastes stay
 * decoded in memory until their snapshot goes out, and this operator writes whatever is still unwritten before
 * every checkpoint barrier leaves it (so checkpoints and savepoints hold every event applied before the barrier,
 * exactly as with immediate writes), at the end of input, and when more than {@link #MAX_UNWRITTEN} users wait.
 *
 * <p>It is a {@link KeyedProcessOperator} with the same state and timers, so checkpoints and savepoints of the
 * {@code taste-per-user} operator from builds that used a plain KeyedProcessOperator restore into it and back.
 */
public final class TasteOperator extends KeyedProcessOperator<String, EnrichedEvent, TasteSnapshot> {
    private static final long serialVersionUID = 1L;

    /**
     * Bounds the memory of unwritten tastes (tens of KB each when decoded, so about 100 MB at most) when very many
     * users are active within one emit interval; beyond it they are all written at once.
     */
    static final int MAX_UNWRITTEN = 2_000;

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
        if (taste.unwrittenCount() > MAX_UNWRITTEN) {
            writeUnwritten();
        }
    }

    @Override
    public void prepareSnapshotPreBarrier(long checkpointId) throws Exception {
        writeUnwritten();
        super.prepareSnapshotPreBarrier(checkpointId);
    }

    @Override
    public void finish() throws Exception {
        super.finish();
        writeUnwritten();
    }

    private void writeUnwritten() throws Exception {
        Object current = getCurrentKey();
        taste.writeUnwritten(this::setCurrentKey);
        if (current != null) {
            setCurrentKey(current);
        }
    }
}
