package io.tastestream.ingest.tags;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.TimeUnit;

/**
 * The tag sources' Micrometer meters: {@code tastestream.tags.requests{method}},
 * {@code tastestream.tags.throttled} (rate-limited answers) and {@code tastestream.tags.throttled.time},
 * {@code tastestream.tags.errors{error}}, {@code tastestream.tags.cache.hits},
 * {@code tastestream.tags.published{source}}.
 */
final class TagMetrics {
    private final MeterRegistry registry;
    private final Counter cacheHits;
    private final Counter throttled;

    TagMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.cacheHits = registry.counter("tastestream.tags.cache.hits");
        this.throttled = registry.counter("tastestream.tags.throttled");
    }

    void request(String method) {
        registry.counter("tastestream.tags.requests", "method", method).increment();
    }

    void cacheHit() {
        cacheHits.increment();
    }

    void throttled(long backoffMillis) {
        throttled.increment();
        registry.timer("tastestream.tags.throttled.time").record(backoffMillis, TimeUnit.MILLISECONDS);
    }

    void error(String label) {
        registry.counter("tastestream.tags.errors", "error", label).increment();
    }

    void published(String source) {
        registry.counter("tastestream.tags.published", "source", source).increment();
    }
}
