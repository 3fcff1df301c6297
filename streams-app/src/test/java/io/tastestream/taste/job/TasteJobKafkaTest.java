package io.tastestream.taste.job;

import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.play;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.kafka.TasteDelivery;
import io.tastestream.taste.kafka.TasteKafka;
import io.tastestream.taste.testing.Jobs;
import io.tastestream.taste.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The job with its real Kafka source and sinks against a real KRaft broker, on a MiniCluster. */
class TasteJobKafkaTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(1).build());

    private static KafkaBroker kafka;

    @TempDir
    Path dataDir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaBroker.start();
        kafka.createTopics(List.<Topic<?, ?>>of(Topics.PLAYS, Topics.FEEDBACK, Topics.ITEM_TAGS, Topics.TASTE,
                Topics.DEAD_LETTERS));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void playsBecomeTasteSnapshotsAndGarbageBecomesADeadLetterWithItsReasonHeader() throws Exception {
        PlayEvent play = play("alice", "Radiohead", "Reckoner", 0);
        ItemTagsEvent tags = artistTags("Radiohead", "rock", 1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            producer.send(new ProducerRecord<>(Topics.ITEM_TAGS.name(), utf8(tags.item().key()),
                    ItemTagsEvent.SERDE.encode(tags)));
            producer.send(new ProducerRecord<>(Topics.PLAYS.name(), utf8("alice"), PlayEvent.SERDE.encode(play)));
            producer.send(new ProducerRecord<>(Topics.PLAYS.name(), utf8("mallory"), utf8("not json at all")));
            producer.flush();
        }

        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers())
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT1S");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(1);
        String bootstrap = kafka.bootstrapServers();
        TasteJob.build(env, TasteKafka.inputSource(bootstrap), TasteKafka.tasteSink(bootstrap),
                TasteKafka.deadLetterSink(bootstrap), TasteJobOptions.from(config));
        JobClient job = env.executeAsync(TasteJob.JOB_NAME);
        try {
            ConsumerRecord<byte[], byte[]> snapshot = records(Topics.TASTE.name(), "alice", 1, false).get(0);
            ConsumerRecord<byte[], byte[]> letter = records(Topics.DEAD_LETTERS.name(), "mallory", 1, false).get(0);

            assertThat(new String(snapshot.key(), StandardCharsets.UTF_8)).isEqualTo("alice");
            assertThat(snapshot.timestamp()).isEqualTo(play.playedAt().toEpochMilli());
            TasteSnapshot taste = TasteSnapshot.SERDE.decode(snapshot.value());
            assertThat(taste.topArtists()).extracting(w -> w.name()).containsExactly("Radiohead");

            assertThat(new String(letter.key(), StandardCharsets.UTF_8)).isEqualTo("mallory");
            String reason = new String(letter.headers().lastHeader(DeadLetter.REASON_HEADER).value(),
                    StandardCharsets.UTF_8);
            assertThat(reason).startsWith("PlayEvent: not valid JSON");
            DeadLetter decoded = DeadLetter.SERDE.decode(letter.value());
            assertThat(decoded.reason()).isEqualTo(reason);
            assertThat(decoded.value()).isEqualTo("not json at all");
            assertThat(decoded.sourceTopic()).isEqualTo(Topics.PLAYS.name());
        } finally {
            Jobs.cancelAndWait(job);
        }
    }

    @Test
    void inExactlyOnceModeAReadCommittedConsumerGetsEverySnapshotOnce() throws Exception {
        // streams-app pins the kafka-clients the connector is built for, so exactly-once must work here
        assertThat(TasteKafka.exactlyOnceSupported()).as(TasteKafka.exactlyOnceUnsupportedReason()).isTrue();
        List<PlayEvent> plays = List.of(play("eve", "Radiohead", "Nude", 0), play("eve", "Radiohead", "Reckoner", 1),
                play("eve", "Radiohead", "Videotape", 2));
        try (KafkaProducer<byte[], byte[]> producer = producer()) {
            for (PlayEvent p : plays) {
                producer.send(new ProducerRecord<>(Topics.PLAYS.name(), utf8("eve"), PlayEvent.SERDE.encode(p)));
            }
            // the same play again: dropped by play id, so it must not show up as a fourth snapshot
            producer.send(new ProducerRecord<>(Topics.PLAYS.name(), utf8("eve"), PlayEvent.SERDE.encode(plays.get(0))));
            producer.flush();
        }

        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers())
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT0.5S")
                .with(TastestreamConfig.DELIVERY, "exactly-once")
                // one snapshot per event, so that "each exactly once" is countable
                .with(TastestreamConfig.EMIT_INTERVAL, "PT0S");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(1);
        String bootstrap = kafka.bootstrapServers();
        TasteDelivery delivery = TasteDelivery.from(config);
        TasteJob.build(env, TasteKafka.inputSource(bootstrap), TasteKafka.tasteSink(bootstrap, delivery),
                TasteKafka.deadLetterSink(bootstrap, delivery), TasteJobOptions.from(config));
        JobClient job = env.executeAsync(TasteJob.JOB_NAME);
        try {
            // transactions are committed when a checkpoint completes: only then can read_committed see them
            List<ConsumerRecord<byte[], byte[]>> committed = records(Topics.TASTE.name(), "eve", 3, true);
            assertThat(committed).extracting(r -> TasteSnapshot.SERDE.decode(r.value()).eventsApplied())
                    .containsExactly(1L, 2L, 3L);
        } finally {
            Jobs.cancelAndWait(job);
        }
    }

    private static KafkaProducer<byte[], byte[]> producer() {
        return new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class));
    }

    /**
     * Waits for {@code count} records with this key on a topic (read from the start), then returns them. The deadline
     * only bounds a broken run; it is not what is tested.
     */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, String key, int count,
                                                              boolean readCommitted) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.GROUP_ID_CONFIG, "taste-test-" + topic + "-" + key,
                ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, readCommitted ? "read_committed" : "read_uncommitted",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            consumer.subscribe(List.of(topic));
            Instant deadline = Instant.now().plus(Duration.ofSeconds(90));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            while (records.size() < count && Instant.now().isBefore(deadline)) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.key() != null && key.equals(new String(r.key(), StandardCharsets.UTF_8))) {
                        records.add(r);
                    }
                }
            }
            assertThat(records).as("records for %s on topic %s", key, topic).hasSizeGreaterThanOrEqualTo(count);
            return records;
        }
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
