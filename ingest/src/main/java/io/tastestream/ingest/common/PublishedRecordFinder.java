package io.tastestream.ingest.common;

import io.tastestream.core.topic.Topic;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Answers "which of these records did reach the topic?" after a crash. A source notes, before sending a batch,
 * the partition its key goes to and that partition's end offset; after a crash it reads from there and learns
 * which of the batch's records were written, and sends only the others. With the key's partition known, the
 * read covers only records written since the batch began. Thread-safe (one consumer, used under a lock).
 */
public final class PublishedRecordFinder implements AutoCloseable {
    private final KafkaConsumer<byte[], byte[]> consumer;

    public PublishedRecordFinder(String bootstrapServers) {
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.CLIENT_ID_CONFIG, "tastestream-recovery",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false));
    }

    /** The partition the default partitioner picks for this key (murmur2 of the serialized key, as producers do). */
    public synchronized <V> int partitionFor(Topic<String, V> topic, String key) {
        int partitions = consumer.partitionsFor(topic.name(), Duration.ofSeconds(30)).size();
        return Utils.toPositive(Utils.murmur2(topic.keySerde().encode(key))) % partitions;
    }

    public synchronized long endOffset(String topic, int partition) {
        TopicPartition tp = new TopicPartition(topic, partition);
        return consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
    }

    /**
     * The ids of the records with this key from {@code fromOffset} to the partition's current end.
     * {@code idOf} decodes a value to its id (e.g. a PlayEvent's playId).
     */
    public synchronized <V> Set<String> idsSince(Topic<String, V> topic, int partition, long fromOffset, String key,
                                                 Function<V, String> idOf) {
        TopicPartition tp = new TopicPartition(topic.name(), partition);
        consumer.assign(List.of(tp));
        consumer.seek(tp, fromOffset);
        long end = consumer.endOffsets(List.of(tp), Duration.ofSeconds(30)).get(tp);
        Set<String> ids = new HashSet<>();
        while (consumer.position(tp, Duration.ofSeconds(30)) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() < end && r.key() != null && key.equals(topic.keySerde().decode(r.key()))) {
                    try {
                        ids.add(idOf.apply(topic.valueSerde().decode(r.value())));
                    } catch (RuntimeException notOurs) {
                        // another producer's malformed record under the same key: not one of ours
                    }
                }
            }
        }
        consumer.unsubscribe();
        return ids;
    }

    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
