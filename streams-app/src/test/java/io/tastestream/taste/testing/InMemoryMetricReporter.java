package io.tastestream.taste.testing;

import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.flink.metrics.Metric;
import org.apache.flink.metrics.MetricConfig;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.metrics.reporter.MetricReporter;
import org.apache.flink.metrics.reporter.MetricReporterFactory;

/**
 * A Flink metric reporter that keeps every metric registered in this JVM by its full identifier, so a MiniCluster
 * test can read what Prometheus or the dashboard would show. Metrics stay after their task ends (their last values
 * are what a test asserts). Enable with {@link #configure}; the factory is registered as a service in test resources.
 */
public final class InMemoryMetricReporter implements MetricReporter {
    private static final Map<String, Metric> METRICS = new ConcurrentHashMap<>();

    /** Adds this reporter to a Flink configuration. */
    public static void configure(org.apache.flink.configuration.Configuration flink) {
        flink.setString("metrics.reporter.in-memory.factory.class", Factory.class.getName());
    }

    public static void clear() {
        METRICS.clear();
    }

    /** All metrics whose identifier ends with {@code .name}, e.g. one per subtask of an operator. */
    public static List<Metric> named(String name) {
        return METRICS.entrySet().stream().filter(e -> e.getKey().endsWith("." + name))
                .map(Map.Entry::getValue).toList();
    }

    public static Map<String, Metric> all() {
        return Map.copyOf(METRICS);
    }

    @Override
    public void open(MetricConfig config) {}

    @Override
    public void close() {}

    @Override
    public void notifyOfAddedMetric(Metric metric, String metricName, MetricGroup group) {
        METRICS.put(group.getMetricIdentifier(metricName), metric);
    }

    @Override
    public void notifyOfRemovedMetric(Metric metric, String metricName, MetricGroup group) {
        // kept: the test reads the final values after the job has finished
    }

    /** Loaded by Flink through the service file; {@code factory.class} names it. */
    public static final class Factory implements MetricReporterFactory {
        @Override
        public MetricReporter createMetricReporter(Properties properties) {
            return new InMemoryMetricReporter();
        }
    }
}
