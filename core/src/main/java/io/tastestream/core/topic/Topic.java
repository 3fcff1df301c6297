package io.tastestream.core.topic;

import io.tastestream.core.serde.Codec;

/**
 * A Kafka topic with the serdes of its key and value, so a topic is never spelled twice and its serdes travel
 * with it. Plain data: creating it on a broker is the caller's business.
 */
public record Topic<K, V>(String name, Codec<K> keySerde, Codec<V> valueSerde, int partitions,
                          CleanupPolicy cleanupPolicy) {

    public enum CleanupPolicy {
        DELETE, COMPACT;

        /** The value of Kafka's {@code cleanup.policy}. */
        public String kafkaName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }
}
