package io.tastestream.taste.kafka;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topics;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Snapshot to the taste topic: keyed by user id (compaction keeps the latest per user), timestamped asOf (but never
 * after the wall clock, which the broker could refuse); the value is the core JSON, written by
 * {@link TasteSnapshotJson}.
 */
public final class TasteSnapshotSerializer implements KafkaRecordSerializationSchema<TasteSnapshot> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TasteSnapshot snapshot, KafkaSinkContext context, Long timestamp) {
        long at = Math.min(snapshot.asOf().toEpochMilli(), System.currentTimeMillis());
        return new ProducerRecord<>(Topics.TASTE.name(), null, at,
                Topics.TASTE.keySerde().encode(snapshot.userId()), TasteSnapshotJson.encode(snapshot));
    }
}
