package io.tastestream.taste.kafka;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.records.RawRecord;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;

/** The taste job's Kafka source and sinks. */
public final class TasteKafka {
    public static final String GROUP_ID = "tastestream-taste-job";

    private TasteKafka() {}

    /**
     * Plays, feedback and item tags through one source. Starts from the group's committed offsets (committed on each
     * checkpoint), or from the earliest offsets for a new group, so the first run builds taste from all history.
     */
    @SuppressWarnings("deprecation") // OffsetResetStrategy: the only type this connector version accepts
    public static KafkaSource<RawRecord> inputSource(String bootstrapServers) {
        return KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrapServers)
                .setTopics(Topics.PLAYS.name(), Topics.FEEDBACK.name(), Topics.ITEM_TAGS.name())
                .setGroupId(GROUP_ID)
                .setStartingOffsets(OffsetsInitializer.committedOffsets(OffsetResetStrategy.EARLIEST))
                .setDeserializer(new RawRecordDeserializer())
                .build();
    }

    /** At-least-once: a restart may re-send snapshots, which is harmless on a compacted latest-per-user topic. */
    public static KafkaSink<TasteSnapshot> tasteSink(String bootstrapServers) {
        return KafkaSink.<TasteSnapshot>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new TasteSnapshotSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers) {
        return KafkaSink.<DeadLetter>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(new DeadLetterSerializer())
                .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }
}
