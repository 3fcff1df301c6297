package io.tastestream.core.topic;

import io.tastestream.core.serde.Codec;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A Kafka topic with the serdes of its key and value, so a topic is never spelled twice and its serdes travel
 * with it. Plain data: creating it on a broker is the caller's business, with {@link #kafkaConfigs()}.
 *
 * @param retention how long records are kept; null keeps them forever (the listening history is the source of
 *                  truth, and replays carry old event times that a time-based retention would delete at once)
 */
public record Topic<K, V>(String name, Codec<K> keySerde, Codec<V> valueSerde, int partitions,
                          CleanupPolicy cleanupPolicy, Duration retention) {

    public enum CleanupPolicy {
        DELETE, COMPACT;

        /** The value of Kafka's {@code cleanup.policy}. */
        public String kafkaName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The topic-level Kafka settings to create it with ({@code cleanup.policy}, {@code retention.ms}). */
    public Map<String, String> kafkaConfigs() {
        Map<String, String> configs = new LinkedHashMap<>();
        configs.put("cleanup.policy", cleanupPolicy.kafkaName());
        configs.put("retention.ms", retention == null ? "-1" : Long.toString(retention.toMillis()));
        return configs;
    }
}
