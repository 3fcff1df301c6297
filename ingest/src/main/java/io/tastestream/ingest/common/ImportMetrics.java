package io.tastestream.ingest.common;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/**
 * Row counts of an import, per source and user, as they happen: {@code tastestream_import_rows_total} with
 * {@code outcome} = accepted (a play Kafka acknowledged), skip (a SKIP Kafka acknowledged), duplicate (published
 * before), excluded (podcasts, audiobooks, video), rejected (bad records); and
 * {@code tastestream_import_publish_failures_total}. Served by {@link MetricsEndpoint} with {@code --metrics-port}.
 */
public final class ImportMetrics {
    private final Counter accepted;
    private final Counter skips;
    private final Counter duplicates;
    private final Counter excluded;
    private final Counter rejected;
    private final Counter publishFailures;

    public ImportMetrics(MeterRegistry registry, String source, String user) {
        accepted = rows(registry, source, user, "accepted");
        skips = rows(registry, source, user, "skip");
        duplicates = rows(registry, source, user, "duplicate");
        excluded = rows(registry, source, user, "excluded");
        rejected = rows(registry, source, user, "rejected");
        publishFailures = Counter.builder("tastestream.import.publish.failures").tag("source", source)
                .tag("user", user).description("records Kafka did not acknowledge (a later run publishes them)")
                .register(registry);
    }

    /** Counts into a registry nobody reads. */
    public static ImportMetrics none() {
        return new ImportMetrics(new SimpleMeterRegistry(), "none", "none");
    }

    private static Counter rows(MeterRegistry registry, String source, String user, String outcome) {
        return Counter.builder("tastestream.import.rows").tag("source", source).tag("user", user)
                .tag("outcome", outcome).description("import rows by outcome").register(registry);
    }

    public void accepted(long n) {
        accepted.increment(n);
    }

    public void skips(long n) {
        skips.increment(n);
    }

    public void duplicates(long n) {
        duplicates.increment(n);
    }

    public void excluded(long n) {
        excluded.increment(n);
    }

    public void rejected(long n) {
        rejected.increment(n);
    }

    public void publishFailures(long n) {
        publishFailures.increment(n);
    }
}
