package io.tastestream.serving.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

/** What the topology counts, exported on /metrics. Counters are thread-safe, so stream threads share them. */
public record ServingCounters(Counter recommendationsEmitted, Counter deadLetters) {

    public static ServingCounters register(MeterRegistry registry) {
        return new ServingCounters(
                Counter.builder("tastestream.recommendations.emitted")
                        .description("Recommendations written to the recommendations topic, one per taste snapshot")
                        .register(registry),
                Counter.builder("tastestream.dead.letters")
                        .description("Taste records serving could not use, written to the dead-letters topic")
                        .tag("stage", "serving")
                        .register(registry));
    }

    /** For callers that do not export metrics (tests, tools). */
    public static ServingCounters unexported() {
        return register(new SimpleMeterRegistry());
    }
}
