package io.tastestream.ingest.common;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/** The producer settings every ingest writer shares; each adds its own batching on top. */
public final class ProducerSettings {
    private ProducerSettings() {}

    /**
     * acks=all with idempotence (an acknowledged record is on every in-sync replica, and a retried batch is not
     * written twice), byte-array keys and values (the core codecs encode), and failing within 30 s rather than the
     * default 60 when the broker or a topic is missing.
     */
    public static Map<String, Object> reliable(String bootstrapServers, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        c.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        c.put(ProducerConfig.ACKS_CONFIG, "all");
        c.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        c.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 30_000);
        c.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        c.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return c;
    }
}
