package io.tastestream.ingest.lastfm;

import io.tastestream.core.topic.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Reads the end of one user's partition of {@code plays}: where it ends now, and which play ids of that user
 * landed after a given offset. Every play of a user goes to one partition (the key is the user id), so this is
 * where a page sent just before a crash can be found.
 */
public final class PlaysTail {
    private final Consumer<byte[], byte[]> consumer;

    public PlaysTail(Consumer<byte[], byte[]> consumer) {
        this.consumer = consumer;
    }

    /** No group: the consumer only assigns and seeks; nothing is committed. */
    public static Map<String, Object> consumerConfig(String bootstrap) {
        return Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.CLIENT_ID_CONFIG, "tastestream-lastfm-import-tail",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
    }

    /** The partition the producer's default partitioner picks for this user's key. */
    public int partitionOf(String userId) {
        int partitions = consumer.partitionsFor(Topics.PLAYS.name()).size();
        return Utils.toPositive(Utils.murmur2(Topics.PLAYS.keySerde().encode(userId))) % partitions;
    }

    public long endOffset(int partition) {
        TopicPartition tp = new TopicPartition(Topics.PLAYS.name(), partition);
        return consumer.endOffsets(List.of(tp)).get(tp);
    }

    /** Play ids of {@code userId}'s plays in the partition from {@code offset} to its current end. */
    public Set<String> playIdsSince(int partition, long offset, String userId) {
        TopicPartition tp = new TopicPartition(Topics.PLAYS.name(), partition);
        long end = endOffset(partition);
        Set<String> ids = new HashSet<>();
        consumer.assign(List.of(tp));
        consumer.seek(tp, offset);
        while (consumer.position(tp) < end) {
            for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.offset() >= end || r.key() == null || !userId.equals(Topics.PLAYS.keySerde().decode(r.key()))) {
                    continue;
                }
                try {
                    ids.add(Topics.PLAYS.valueSerde().decode(r.value()).playId());
                } catch (RuntimeException unreadable) {
                    // someone else's malformed record; not one of ours
                }
            }
        }
        consumer.unsubscribe();
        return ids;
    }
}
