package io.tastestream.taste.testing;

import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.functions.MapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.state.FunctionInitializationContext;
import org.apache.flink.runtime.state.FunctionSnapshotContext;
import org.apache.flink.streaming.api.checkpoint.CheckpointedFunction;

/**
 * Passes records through and fails the job once at each of the given record counts (counted over all attempts,
 * replayed records included), but only after a checkpoint of the current attempt has completed, so that every
 * failure makes Flink restore from a checkpoint rather than start over. What happened is kept in a static registry
 * under the test's id, since the function itself is serialised into the job and recreated on every restart.
 */
public final class FailureInjector<T> implements MapFunction<T, T>, CheckpointListener, CheckpointedFunction {
    private static final long serialVersionUID = 1L;
    private static final Map<String, Progress> PROGRESS = new ConcurrentHashMap<>();

    /** Counts over all attempts of one job. */
    public static final class Progress {
        public final AtomicLong records = new AtomicLong();
        public final AtomicInteger failures = new AtomicInteger();
        public final AtomicInteger restoresFromCheckpoint = new AtomicInteger();
    }

    /** The exception it throws, so a test can tell it from a real failure. */
    public static final class InjectedFailure extends RuntimeException {
        InjectedFailure(String message) {
            super(message);
        }
    }

    private final String id;
    private final long[] failAt;
    private transient int checkpointsCompletedThisAttempt;
    private transient ListState<Long> recordsAtCheckpoint;

    public FailureInjector(String id, long... failAt) {
        this.id = id;
        this.failAt = failAt.clone();
        Arrays.sort(this.failAt);
        PROGRESS.put(id, new Progress());
    }

    public static Progress progress(String id) {
        return PROGRESS.get(id);
    }

    @Override
    public T map(T value) {
        Progress p = PROGRESS.get(id);
        long n = p.records.incrementAndGet();
        int failures = p.failures.get();
        if (failures < failAt.length && n >= failAt[failures] && checkpointsCompletedThisAttempt > 0) {
            p.failures.incrementAndGet();
            throw new InjectedFailure("injected failure " + (failures + 1) + " at record " + n);
        }
        return value;
    }

    @Override
    public void notifyCheckpointComplete(long checkpointId) {
        checkpointsCompletedThisAttempt++;
    }

    @Override
    public void snapshotState(FunctionSnapshotContext context) throws Exception {
        recordsAtCheckpoint.update(java.util.List.of(PROGRESS.get(id).records.get()));
    }

    @Override
    public void initializeState(FunctionInitializationContext context) throws Exception {
        recordsAtCheckpoint = context.getOperatorStateStore()
                .getListState(new ListStateDescriptor<>("records-at-checkpoint", Types.LONG));
        if (context.isRestored()) {
            PROGRESS.get(id).restoresFromCheckpoint.incrementAndGet();
        }
    }
}
