package io.tastestream.taste.kafka;

import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topics;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Snapshot to the taste topic: keyed by user id (compaction keeps the latest per user), timestamped asOf; the value is
 * the core JSON, written by {@link TasteSnapshotJson}.
 */
public final class TasteSnapshotSerializer implements KafkaRecordSerializationSchema<TasteSnapshot> {
    private static final long serialVersionUID = 1L;

    @Override
    public ProducerRecord<byte[], byte[]> serialize(TasteSnapshot snapshot, KafkaSinkContext context, Long timestamp) {
        return new ProducerRecord<>(Topics.TASTE.name(), null, snapshot.asOf().toEpochMilli(),
                Topics.TASTE.keySerde().encode(snapshot.userId()), TasteSnapshotJson.encode(snapshot));
    }
}
