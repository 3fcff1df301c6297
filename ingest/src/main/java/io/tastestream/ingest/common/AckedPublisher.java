package io.tastestream.ingest.common;

import io.tastestream.core.topic.Topic;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Sends records and tells, per record, whether the broker acknowledged it: the sources advance their cursors and
 * ledgers only over acknowledged records. Idempotent producer with acks=all, so a retried batch is not written
 * twice. Thread-safe (the Kafka producer is); {@link #awaitAcks} returns the outcome of everything sent so far by
 * the calling batch handle.
 */
public final class AckedPublisher implements AutoCloseable {

    private final Producer<byte[], byte[]> producer;

    public AckedPublisher(String bootstrapServers, String clientId) {
        this(producerConfig(bootstrapServers, clientId));
    }

    /** With the given producer settings (start from {@link #producerConfig}; byte-array serializers required). */
    public AckedPublisher(Map<String, Object> producerConfig) {
        this.producer = new KafkaProducer<>(producerConfig);
    }

    public static Map<String, Object> producerConfig(String bootstrapServers, String clientId) {
        Map<String, Object> c = ProducerSettings.reliable(bootstrapServers, clientId);
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        return c;
    }

    /**
     * For bulk imports (tens of thousands of records awaited together): the same guarantees (acks=all, idempotence),
     * but batches lingering 50 ms so they fill up. Fewer, fuller batches cost the producer and the broker less per
     * record (the broker's per-batch work was a third of the import's CPU at 10 ms), and nobody waits on one record.
     */
    public static Map<String, Object> bulkProducerConfig(String bootstrapServers, String clientId) {
        Map<String, Object> c = producerConfig(bootstrapServers, clientId);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 50);
        return c;
    }

    /** A group of sends whose acknowledgements are awaited together. Not shared between threads. */
    public Batch batch() {
        return new Batch();
    }

    public final class Batch {
        private final List<String> sentIds = new ArrayList<>();
        private final ConcurrentLinkedQueue<Failure> failures = new ConcurrentLinkedQueue<>();

        /**
         * Sends one record, stamped with its event time (or now, if that is later). {@code id} names the record in the outcome (a playId).
         */
        public <V> void send(Topic<String, V> topic, String key, V value, Instant eventTime, String id) {
            byte[] k = topic.keySerde().encode(key);
            byte[] v = topic.valueSerde().encode(value);
            sentIds.add(id);
            // never in the future: brokers refuse timestamps more than log.message.timestamp.after.max.ms (1 h)
            // ahead, and one play from a device with a wrong clock must not block a whole batch for good
            long timestamp = Math.min(eventTime.toEpochMilli(), System.currentTimeMillis());
            producer.send(new ProducerRecord<>(topic.name(), null, timestamp, k, v), (m, e) -> {
                if (e != null) {
                    failures.add(new Failure(id, e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            });
        }

        /**
         * Sends one already encoded record (the caller encoded it with the topic's serdes), stamped with its event
         * time in epoch ms (or now, if that is later).
         */
        public void sendEncoded(String topicName, byte[] key, byte[] value, long eventTimeMs, String id) {
            sentIds.add(id);
            long timestamp = Math.min(eventTimeMs, System.currentTimeMillis());
            producer.send(new ProducerRecord<>(topicName, null, timestamp, key, value), (m, e) -> {
                if (e != null) {
                    failures.add(new Failure(id, e.getClass().getSimpleName() + ": " + e.getMessage()));
                }
            });
        }

        public int size() {
            return sentIds.size();
        }

        /** Waits until every record of this batch is acknowledged or failed; then says which. Resets the batch. */
        public Outcome awaitAcks() {
            producer.flush();
            Map<String, String> failed = new HashMap<>();
            for (Failure f : failures) {
                failed.put(f.id(), f.reason());
            }
            List<String> acked = new ArrayList<>(sentIds.size());
            for (String id : sentIds) {
                if (!failed.containsKey(id)) {
                    acked.add(id);
                }
            }
            sentIds.clear();
            failures.clear();
            return new Outcome(acked, failed);
        }
    }

    private record Failure(String id, String reason) {
    }

    /** @param acked ids acknowledged by the broker; @param failed id → why it was not */
    public record Outcome(List<String> acked, Map<String, String> failed) {
        public boolean allAcked() {
            return failed.isEmpty();
        }
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(30));
    }
}
