package io.tastestream.taste.kafka;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.records.RawRecord;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.sink.KafkaSinkBuilder;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.kafka.clients.consumer.OffsetResetStrategy;
import org.apache.kafka.clients.producer.ProducerConfig;

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

    /**
     * Kafka transactions left open by a crashed attempt are aborted by the broker after this long. It must stay below
     * the broker's {@code transaction.max.timeout.ms} (15 minutes by default), and above the longest time between
     * two completed checkpoints plus a restart, or the broker aborts a transaction Flink still means to commit.
     */
    public static final int TRANSACTION_TIMEOUT_MS = 10 * 60 * 1000;
    /** Prefixes of the transactional ids of the two sinks; each sink needs its own, stable across restarts. */
    public static final String TASTE_TRANSACTIONAL_ID_PREFIX = "tastestream-taste-snapshots";
    public static final String DEAD_LETTERS_TRANSACTIONAL_ID_PREFIX = "tastestream-taste-dead-letters";

    /** At-least-once: a restart may re-send snapshots, which is harmless on a compacted latest-per-user topic. */
    public static KafkaSink<TasteSnapshot> tasteSink(String bootstrapServers) {
        return tasteSink(bootstrapServers, TasteDelivery.AT_LEAST_ONCE);
    }

    public static KafkaSink<TasteSnapshot> tasteSink(String bootstrapServers, TasteDelivery delivery) {
        return sink(bootstrapServers, new TasteSnapshotSerializer(), delivery, TASTE_TRANSACTIONAL_ID_PREFIX);
    }

    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers) {
        return deadLetterSink(bootstrapServers, TasteDelivery.AT_LEAST_ONCE);
    }

    public static KafkaSink<DeadLetter> deadLetterSink(String bootstrapServers, TasteDelivery delivery) {
        return sink(bootstrapServers, new DeadLetterSerializer(), delivery, DEAD_LETTERS_TRANSACTIONAL_ID_PREFIX);
    }

    /**
     * Whether the Kafka client on the classpath has the internals the connector's transactional producer calls.
     * flink-connector-kafka 5.0.0-2.2 is built against kafka-clients 4.2.0 and calls
     * {@code TransactionalRequestResult.await()}, which kafka-clients 4.3 replaced by {@code await(long, TimeUnit,
     * String)}: with 4.3 every transactional flush fails with NoSuchMethodError and the job restarts forever.
     */
    public static boolean exactlyOnceSupported() {
        try {
            Class.forName("org.apache.kafka.clients.producer.internals.TransactionalRequestResult")
                    .getMethod("await");
            return true;
        } catch (ReflectiveOperationException e) {
            return false;
        }
    }

    /** Why exactly-once cannot run here, for the error a user sees. */
    public static String exactlyOnceUnsupportedReason() {
        return "taste.delivery=exactly-once needs the Kafka client that flink-connector-kafka was built against "
                + "(4.2.x); this classpath has kafka-clients " + org.apache.kafka.common.utils.AppInfoParser.getVersion()
                + ", whose transactional internals the connector cannot call. Use taste.delivery=at-least-once, "
                + "or build streams-app with kafka-clients 4.2.x.";
    }

    private static <T> KafkaSink<T> sink(String bootstrapServers, KafkaRecordSerializationSchema<T> serializer,
                                         TasteDelivery delivery, String transactionalIdPrefix) {
        KafkaSinkBuilder<T> builder = KafkaSink.<T>builder()
                .setBootstrapServers(bootstrapServers)
                .setRecordSerializer(serializer)
                .setDeliveryGuarantee(delivery.guarantee());
        if (delivery == TasteDelivery.EXACTLY_ONCE) {
            if (!exactlyOnceSupported()) {
                throw new IllegalStateException(exactlyOnceUnsupportedReason());
            }
            builder.setTransactionalIdPrefix(transactionalIdPrefix)
                    .setProperty(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, Integer.toString(TRANSACTION_TIMEOUT_MS));
        }
        return builder.build();
    }
}
