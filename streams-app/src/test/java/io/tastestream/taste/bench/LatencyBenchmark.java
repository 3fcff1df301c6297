package io.tastestream.taste.bench;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.job.TasteJob;
import io.tastestream.taste.job.TasteJobOptions;
import io.tastestream.taste.kafka.RawRecordDeserializer;
import io.tastestream.taste.kafka.TasteDelivery;
import io.tastestream.taste.kafka.TasteKafka;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.KafkaBroker;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Issue 5's end-to-end latency benchmark (prints figures; not a test): the time from a play written to the plays
 * topic to its taste snapshot becoming readable on the taste topic by a {@code read_committed} consumer (as serving
 * reads it), with the real job, real Kafka source and sinks, on one embedded KRaft broker, in both delivery modes.
 * Each play is the first of its user within the emit interval, as a listener's plays usually are (minutes apart),
 * so it goes out at once (the interval only holds back a quiet user's later changes, see TasteFunction). Plays of
 * the first 5 s of sending (job start-up) are not counted.
 *
 * <p>Run: {@code java -cp <streams-app test classpath> io.tastestream.taste.bench.LatencyBenchmark [seconds per mode]
 * [plays/s] [checkpoint interval] [emit interval]}, defaults 30, 50, the configured defaults (PT10S, PT0.5S).
 */
public final class LatencyBenchmark {
    private static final Duration WARM_UP = Duration.ofSeconds(5);

    public static void main(String[] args) throws Exception {
        int seconds = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        int rate = args.length > 1 ? Integer.parseInt(args[1]) : 50;
        TastestreamConfig defaults = TastestreamConfig.defaultsOnly();
        String checkpointInterval = args.length > 2 ? args[2] : defaults.get(TastestreamConfig.CHECKPOINT_INTERVAL);
        String emitInterval = args.length > 3 ? args[3] : defaults.get(TastestreamConfig.EMIT_INTERVAL);
        List<String> report = new ArrayList<>();
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopics(List.<Topic<?, ?>>of(Topics.PLAYS, Topics.FEEDBACK, Topics.ITEM_TAGS, Topics.TASTE,
                    Topics.DEAD_LETTERS));
            for (TasteDelivery delivery : List.of(TasteDelivery.AT_LEAST_ONCE, TasteDelivery.EXACTLY_ONCE)) {
                TastestreamConfig config = defaults
                        .with(TastestreamConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers())
                        .with(TastestreamConfig.DATA_DIR, Files.createTempDirectory("taste-latency").toString())
                        .with(TastestreamConfig.DELIVERY, delivery.settingValue())
                        .with(TastestreamConfig.CHECKPOINT_INTERVAL, checkpointInterval)
                        .with(TastestreamConfig.EMIT_INTERVAL, emitInterval);
                report.add(measure(config, delivery, seconds, rate));
            }
        }
        System.out.printf("%nend-to-end latency, play on '%s' -> its snapshot readable (read_committed) on '%s'; "
                        + "%d plays/s for %d s per mode, parallelism 1, checkpoints every %s, emit interval %s%n",
                Topics.PLAYS.name(), Topics.TASTE.name(), rate, seconds, checkpointInterval, emitInterval);
        report.forEach(System.out::println);
    }

    private static String measure(TastestreamConfig config, TasteDelivery delivery, int seconds, int rate)
            throws Exception {
        String bootstrap = config.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        long startMillis = System.currentTimeMillis();
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(1);
        // the job's own source, except that it starts at this mode's first record (the topics hold the other mode's)
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(Topics.PLAYS.name(), Topics.FEEDBACK.name(), Topics.ITEM_TAGS.name())
                .setGroupId("taste-latency-" + delivery.settingValue())
                .setStartingOffsets(OffsetsInitializer.timestamp(startMillis))
                .setDeserializer(new RawRecordDeserializer())
                .build();
        TasteJob.build(env, source, TasteKafka.tasteSink(bootstrap, delivery),
                TasteKafka.deadLetterSink(bootstrap, delivery), TasteJobOptions.from(config));
        JobClient job = env.executeAsync("latency " + delivery.settingValue());

        String prefix = "latency-" + delivery.settingValue() + "-";
        Map<String, Long> sentNanos = new ConcurrentHashMap<>();
        Map<String, Long> latencyNanos = new ConcurrentHashMap<>();
        AtomicBoolean reading = new AtomicBoolean(true);
        try (KafkaConsumer<byte[], byte[]> consumer = tasteConsumer(bootstrap)) {
            Thread reader = new Thread(() -> {
                while (reading.get()) {
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(20))) {
                        long now = System.nanoTime();
                        String user = new String(r.key(), StandardCharsets.UTF_8);
                        Long sent = sentNanos.get(user);
                        if (sent != null) {
                            latencyNanos.putIfAbsent(user, now - sent);
                        }
                    }
                }
            }, "taste-reader");
            reader.start();
            int plays = produce(bootstrap, prefix, seconds, rate, sentNanos);
            // exactly-once: the last plays become readable when the checkpoint after them completes
            long waitMillis = 3 * config.getDuration(TastestreamConfig.CHECKPOINT_INTERVAL).toMillis() + 10_000;
            long deadline = System.currentTimeMillis() + waitMillis;
            while (latencyNanos.size() < plays && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            reading.set(false);
            reader.join();
            job.cancel().get();

            long warmUpPlays = WARM_UP.toSeconds() * rate;
            double[] ms = latencyNanos.entrySet().stream()
                    .filter(e -> playIndex(e.getKey()) >= warmUpPlays)
                    .mapToDouble(e -> e.getValue() / 1e6).sorted().toArray();
            long counted = sentNanos.keySet().stream().filter(k -> playIndex(k) >= warmUpPlays).count();
            return String.format("  %-14s p50 %,7.0f ms  p95 %,7.0f ms  max %,7.0f ms  (%,d plays measured, %,d "
                            + "without a snapshot within %d s)", delivery.settingValue(), percentile(ms, 0.50),
                    percentile(ms, 0.95), ms.length == 0 ? Double.NaN : ms[ms.length - 1], ms.length,
                    counted - ms.length, waitMillis / 1000);
        }
    }

    /** Artist tags, then one play per new user at {@code rate} per second; returns how many plays. */
    private static int produce(String bootstrap, String prefix, int seconds, int rate, Map<String, Long> sentNanos)
            throws Exception {
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            int artists = 50;
            for (int a = 0; a < artists; a++) {
                ItemRef artist = ItemRef.artist("Artist " + a);
                producer.send(new ProducerRecord<>(Topics.ITEM_TAGS.name(), utf8(artist.key()),
                        ItemTagsEvent.SERDE.encode(ItemTagsEvent.of(artist, List.of(new WeightedTag("tag " + a, 1)),
                                "bench", Instant.now()))));
            }
            producer.flush();
            int plays = seconds * rate;
            long start = System.nanoTime();
            for (int i = 0; i < plays; i++) {
                long due = start + (long) (i * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
                }
                String user = prefix + i; // the index tells the warm-up plays apart afterwards
                PlayEvent play = PlayEvent.of(user, "Artist " + (i % artists), "Track " + i, null, Instant.now(), 0,
                        "bench");
                sentNanos.put(user, System.nanoTime());
                producer.send(new ProducerRecord<>(Topics.PLAYS.name(), utf8(user), PlayEvent.SERDE.encode(play)));
            }
            producer.flush();
            return plays;
        }
    }

    /** Reads the taste topic from its current end, committed records only (serving's isolation level). */
    private static KafkaConsumer<byte[], byte[]> tasteConsumer(String bootstrap) {
        KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class));
        List<TopicPartition> partitions = new ArrayList<>();
        for (PartitionInfo p : consumer.partitionsFor(Topics.TASTE.name())) {
            partitions.add(new TopicPartition(p.topic(), p.partition()));
        }
        consumer.assign(partitions);
        consumer.seekToEnd(partitions);
        partitions.forEach(consumer::position); // resolve the end now, before any play is sent
        return consumer;
    }

    private static long playIndex(String user) {
        return Long.parseLong(user.substring(user.lastIndexOf('-') + 1));
    }

    private static double percentile(double[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
