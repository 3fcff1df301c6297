package io.tastestream.core.testing;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * For benchmarks: CPU time per thread group of this JVM while something runs, sampled every {@code period} ms so
 * that threads which end before {@link #stop} (a parse thread, a Flink job's task threads) still count up to their
 * last sample; plus the garbage collectors' and the JIT compiler's time, which no Java thread shows. The group whose
 * thread is near a full core is the critical path, however busy the machine is.
 */
public final class ThreadCpu {
    private final ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    /** Thread id → CPU ns at its first and latest sample; a thread born after the start counts from 0. */
    private final Map<Long, long[]> firstAndLast = new ConcurrentHashMap<>();
    private final Map<Long, String> names = new ConcurrentHashMap<>();
    private final long startGcMillis = totalGcMillis();
    private final long startJitMillis = totalJitMillis();
    private volatile boolean running = true;
    private boolean started;
    private Thread sampler;
    private long gcMillis;
    private long jitMillis;

    private ThreadCpu() {}

    public static ThreadCpu start(long periodMillis) {
        ThreadCpu t = new ThreadCpu();
        t.sample();
        t.started = true;
        t.sampler = new Thread(() -> {
            while (t.running) {
                t.sample();
                try {
                    Thread.sleep(periodMillis);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }, "cpu-sampler");
        t.sampler.setDaemon(true);
        t.sampler.start();
        return t;
    }

    private void sample() {
        for (ThreadInfo info : mx.getThreadInfo(mx.getAllThreadIds())) {
            if (info == null) {
                continue;
            }
            long cpu = mx.getThreadCpuTime(info.getThreadId());
            if (cpu < 0) {
                continue;
            }
            names.putIfAbsent(info.getThreadId(), info.getThreadName());
            firstAndLast.compute(info.getThreadId(), (id, v) -> v == null ? new long[] {started ? 0 : cpu, cpu}
                    : new long[] {v[0], cpu});
        }
    }

    /**
     * Stops sampling; returns CPU seconds per group, the group of a thread being {@code groupOf} its name, largest
     * first. The sampler's own thread is left out.
     */
    public Map<String, Double> stop(Function<String, String> groupOf) throws InterruptedException {
        running = false;
        sampler.join();
        sample();
        gcMillis = totalGcMillis() - startGcMillis;
        jitMillis = totalJitMillis() - startJitMillis;
        Map<String, Double> groups = new TreeMap<>();
        firstAndLast.forEach((id, v) -> {
            String name = names.get(id);
            if (!name.equals("cpu-sampler")) {
                groups.merge(groupOf.apply(name), (v[1] - v[0]) / 1e9, Double::sum);
            }
        });
        Map<String, Double> largestFirst = new java.util.LinkedHashMap<>();
        groups.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed())
                .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
        return largestFirst;
    }

    /** Collection time (ms, elapsed) of all garbage collectors from the start to {@link #stop}. */
    public long gcMillis() {
        return gcMillis;
    }

    /** Time the JIT compiler threads spent compiling (ms) from the start to {@link #stop}. */
    public long jitMillis() {
        return jitMillis;
    }

    private static long totalJitMillis() {
        return ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    private static long totalGcMillis() {
        return ManagementFactory.getGarbageCollectorMXBeans().stream()
                .mapToLong(GarbageCollectorMXBean::getCollectionTime).sum();
    }
}
