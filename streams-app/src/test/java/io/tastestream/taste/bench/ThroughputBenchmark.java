package io.tastestream.taste.bench;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.testing.ThreadCpu;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.job.TasteJob;
import io.tastestream.taste.job.TasteJobOptions;
import io.tastestream.taste.kafka.RawRecordDeserializer;
import io.tastestream.taste.kafka.TasteKafka;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema;
import org.apache.flink.connector.kafka.sink.KafkaSink;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.kafka.source.reader.deserializer.KafkaRecordDeserializationSchema;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.Collector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Issue 5's throughput benchmark (prints figures; not a test). On one embedded KRaft broker with one generated data
 * set: events/s of the taste job vs a stateless copy job with the same Kafka source (plays, feedback, item-tags,
 * read to the end) and the same kind of sink (the taste topic), both on a local Flink with RocksDB and checkpoints,
 * and the ratio, counted from each job's first record to its end (start-up excluded); then the taste state bytes per user of 100,000 generated users ({@link StateSizeBenchmark}). Run:
 * {@code java -cp <streams-app test classpath> io.tastestream.taste.bench.ThroughputBenchmark [events] [users]
 * [parallelism] [rounds] [state users]} (defaults 100,000, 1,000, 1, 1, 100,000; 0 state users skips that part,
 * which takes minutes). With more than {@link #WARM_UP_ROUNDS} rounds it also prints the median ratio of the rounds
 * after the warm-up, and for the last round each job's CPU per thread: the stage whose thread is near a full core
 * is the bottleneck.
 */
public final class ThroughputBenchmark {

    public static void main(String[] args) throws Exception {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int parallelism = args.length > 2 ? Integer.parseInt(args[2]) : 1;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 1;
        int stateUsers = args.length > 4 ? Integer.parseInt(args[4]) : 100_000;
        Path dataDir = Files.createTempDirectory("taste-bench");
        try (KafkaBroker kafka = KafkaBroker.start()) {
            kafka.createTopics(List.<Topic<?, ?>>of(Topics.PLAYS, Topics.FEEDBACK, Topics.ITEM_TAGS, Topics.TASTE,
                    Topics.DEAD_LETTERS));
            holdBackCompaction(kafka.bootstrapServers());
            int inputs = produce(kafka.bootstrapServers(), events, users);
            TastestreamConfig config = TastestreamConfig.defaultsOnly()
                    .with(TastestreamConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers())
                    .with(TastestreamConfig.DATA_DIR, dataDir.toString());
            System.out.printf("%,d input records (%,d plays of %,d users, artist tags), parallelism %d, "
                    + "checkpoints every %s, RocksDB%n", inputs, events, users, parallelism,
                    config.get(TastestreamConfig.CHECKPOINT_INTERVAL));
            List<String> results = new java.util.ArrayList<>();
            List<Double> warmRatios = new java.util.ArrayList<>();
            for (int round = 1; round <= rounds; round++) {
                // each round runs both jobs back to back, so the ratio compares runs under the same machine load
                boolean last = round == rounds;
                double copy = run("copy", config, parallelism, inputs, false, round, last);
                double taste = run("taste", config, parallelism, inputs, true, round, last);
                if (round > WARM_UP_ROUNDS) {
                    warmRatios.add(taste / copy);
                }
                double copyCpu = CPU_MICROS_PER_RECORD.get("copy");
                double tasteCpu = CPU_MICROS_PER_RECORD.get("taste");
                results.add(String.format("round %d: copy job %,8.0f events/s, taste job %,8.0f events/s, ratio "
                        + "%5.1f %% (goal >= 50 %%); process CPU per record: copy %.1f µs, taste %.1f µs, "
                        + "copy/taste %5.1f %%", round, copy, taste, 100 * taste / copy, copyCpu, tasteCpu,
                        100 * copyCpu / tasteCpu));
            }
            results.forEach(System.out::println);
            if (!warmRatios.isEmpty()) {
                warmRatios.sort(null);
                int n = warmRatios.size();
                // of an even number of rounds, the mean of the two middle ones (not the upper one, which flatters)
                double median = (warmRatios.get((n - 1) / 2) + warmRatios.get(n / 2)) / 2;
                System.out.printf("after %d warm-up rounds: median ratio %.1f %% over %d rounds (min %.1f %%, max "
                                + "%.1f %%)%n", WARM_UP_ROUNDS, 100 * median, n, 100 * warmRatios.get(0),
                        100 * warmRatios.get(n - 1));
            }
        }
        if (stateUsers <= 0) {
            return;
        }
        // the state side of the same goal (issue 5): taste state bytes per user, 100,000 generated users
        StateSizeBenchmark stateSize = new StateSizeBenchmark();
        stateSize.users = stateUsers;
        stateSize.seed = 42;
        TasteSettings settings = TasteSettings.from(TastestreamConfig.defaultsOnly());
        stateSize.report("default bounds " + settings.maxTags() + " tags / " + settings.maxArtists() + " artists",
                settings);
    }

    /** One line per thread group of the run's 8 busiest, with CPU seconds and µs per input record. */
    private static void printThreads(String job, ThreadCpu threads, double seconds, int inputs) throws Exception {
        Map<String, Double> byGroup = threads.stop(name -> name.replaceAll("[0-9]+", "N")
                .replaceAll("\\s+\\(N/N\\).*", ""));
        System.out.printf("%s job threads over %.1f s (CPU s, µs per record); GC %.2f s, JIT %.2f s:%n", job, seconds,
                threads.gcMillis() / 1e3, threads.jitMillis() / 1e3);
        byGroup.entrySet().stream().limit(8).forEach(e -> System.out.printf("  %6.2f s %6.1f µs  %s%n",
                e.getValue(), e.getValue() * 1e6 / inputs, e.getKey()));
    }

    /** Process CPU µs per input record of the last run of each job ("copy", "taste"). */
    private static final Map<String, Double> CPU_MICROS_PER_RECORD = new java.util.concurrent.ConcurrentHashMap<>();

    /**
     * Rounds that warm the JVM up before the ratio counts: both jobs run in this JVM, and the taste job has several
     * times the copy job's code for the JIT to compile (the compiler threads took 20 s of CPU in the first taste run
     * of 300,000 plays and under 3 s by the sixth), which a long-running job pays once.
     */
    private static final int WARM_UP_ROUNDS = 3;

    private static double run(String name, TastestreamConfig config, int parallelism, int inputs, boolean taste,
                              int round, boolean showThreads) throws Exception {
        String bootstrap = config.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(parallelism);
        // the job's own source, bounded at the current end so that the run finishes
        KafkaSource<RawRecord> source = KafkaSource.<RawRecord>builder()
                .setBootstrapServers(bootstrap)
                .setTopics(Topics.PLAYS.name(), Topics.FEEDBACK.name(), Topics.ITEM_TAGS.name())
                .setGroupId("taste-bench-" + name + "-" + round)
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .setDeserializer(new FirstRecordTimer())
                .build();
        FIRST_RECORD_NANOS.set(0);
        if (taste) {
            TasteJob.build(env, source, TasteKafka.tasteSink(bootstrap), TasteKafka.deadLetterSink(bootstrap),
                    TasteJobOptions.from(config));
        } else {
            KafkaRecordSerializationSchema<RawRecord> copy = (record, context, timestamp) ->
                    new ProducerRecord<>(Topics.TASTE.name(), record.key(), record.value());
            env.fromSource(source, WatermarkStrategy.noWatermarks(), "copy source")
                    .sinkTo(KafkaSink.<RawRecord>builder().setBootstrapServers(bootstrap).setRecordSerializer(copy)
                            .setDeliveryGuarantee(DeliveryGuarantee.AT_LEAST_ONCE).build());
        }
        long writtenBefore = tasteTopicEnd(bootstrap);
        long[] cpuBefore = machineCpuTicks();
        long started = System.nanoTime();
        // sampled only in the round that prints it (the sampler costs CPU too); every 100 ms: Flink's task threads
        // end with the job, so their last sample stands for them
        ThreadCpu threads = showThreads ? ThreadCpu.start(100) : null;
        env.execute("bench " + name);
        long ended = System.nanoTime();
        if (threads != null) {
            printThreads(name, threads, (ended - started) / 1e9, inputs);
        }
        long cpu = processCpuNanos() - FIRST_RECORD_CPU_NANOS.get();
        double jit = (compilationMillis() - FIRST_RECORD_JIT_MILLIS.get()) / 1e3;
        double seconds = (ended - started) / 1e9;
        double processing = (ended - FIRST_RECORD_NANOS.get()) / 1e9;
        long written = tasteTopicEnd(bootstrap) - writtenBefore;
        System.out.printf("%s job: %.1f s, of which %.1f s from its first record to the end, using %.1f s of CPU "
                + "(%.1f µs per record; the JIT compiled for %.1f s meanwhile); wrote %,d records (one per %.1f input "
                + "records); %s%n", name, seconds, processing, cpu / 1e9, cpu / 1e3 / inputs, jit, written,
                (double) inputs / written, stolen(cpuBefore, machineCpuTicks()));
        CPU_MICROS_PER_RECORD.put(name, cpu / 1e3 / inputs);
        return inputs / processing;
    }

    /**
     * The machine's CPU time so far from {@code /proc/stat} (Linux): all ticks, then the hypervisor's "steal" ticks;
     * null where there is no such file.
     */
    private static long[] machineCpuTicks() {
        try {
            String[] f = Files.readAllLines(Path.of("/proc/stat")).get(0).trim().split("\\s+");
            long total = 0;
            for (int i = 1; i < f.length && i <= 8; i++) { // user nice system idle iowait irq softirq steal
                total += Long.parseLong(f[i]);
            }
            return new long[] {total, f.length > 8 ? Long.parseLong(f[8]) : 0};
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The share of the machine's CPU time the hypervisor gave to other guests during the run: on a shared virtual
     * machine it varies from run to run, and with it every figure here.
     */
    private static String stolen(long[] before, long[] after) {
        if (before == null || after == null || after[0] == before[0]) {
            return "steal time unknown";
        }
        return String.format("%.1f %% of the machine's CPU time stolen by the hypervisor",
                100.0 * (after[1] - before[1]) / (after[0] - before[0]));
    }

    /**
     * Both jobs write to the compacted taste topic, the copy job every input record, round after round: its log
     * cleaner would compact millions of records (seen taking 9 s of CPU) at a moment unrelated to either job and
     * slow down whichever runs then. Records younger than a day are not compacted, so it stays idle.
     */
    private static void holdBackCompaction(String bootstrap) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
            ConfigResource taste = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TASTE.name());
            admin.incrementalAlterConfigs(Map.of(taste, List.of(new AlterConfigOp(
                    new ConfigEntry(TopicConfig.MIN_COMPACTION_LAG_MS_CONFIG, String.valueOf(86_400_000L)),
                    AlterConfigOp.OpType.SET)))).all().get();
        }
    }

    /** Records in the taste topic so far (both jobs write there): the difference over a run is what it wrote. */
    private static long tasteTopicEnd(String bootstrap) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class))) {
            List<TopicPartition> partitions = consumer.partitionsFor(Topics.TASTE.name()).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            return consumer.endOffsets(partitions).values().stream().mapToLong(Long::longValue).sum();
        }
    }

    /**
     * When the running job read its first record (this JVM runs the job): throughput is counted from there, so that
     * starting the local cluster and deploying the job (a few seconds, the same for both jobs) do not dilute it.
     */
    private static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();
    /** CPU time of this process (all threads: job, broker, GC) when the running job read its first record. */
    private static final AtomicLong FIRST_RECORD_CPU_NANOS = new AtomicLong();
    /**
     * The JIT's compilation time so far when the running job read its first record: each run starts a MiniCluster
     * whose RPC classes (Pekko, in a class loader of their own) are compiled again, partly while the job runs.
     */
    private static final AtomicLong FIRST_RECORD_JIT_MILLIS = new AtomicLong();

    private static long compilationMillis() {
        return java.lang.management.ManagementFactory.getCompilationMXBean().getTotalCompilationTime();
    }

    /**
     * CPU time of this whole process so far. Per event it is a steadier figure than events/s when other processes
     * share the machine: their load slows the jobs' wall clock, not the work each event takes.
     */
    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean)
                java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static final class FirstRecordTimer implements KafkaRecordDeserializationSchema<RawRecord> {
        private static final long serialVersionUID = 1L;
        private final RawRecordDeserializer raw = new RawRecordDeserializer();

        @Override
        public void deserialize(ConsumerRecord<byte[], byte[]> record, Collector<RawRecord> out) throws IOException {
            if (FIRST_RECORD_NANOS.get() == 0 && FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime())) {
                FIRST_RECORD_CPU_NANOS.set(processCpuNanos());
                FIRST_RECORD_JIT_MILLIS.set(compilationMillis());
            }
            raw.deserialize(record, out);
        }

        @Override
        public TypeInformation<RawRecord> getProducedType() {
            return raw.getProducedType();
        }
    }

    /** Artist tags, then plays of users over a Zipf-like catalog; returns how many records. */
    private static int produce(String bootstrap, int events, int users) {
        Random random = new Random(42);
        int artists = 5_000;
        int records = 0;
        // one play a minute, ending now: the job refuses events dated ahead of the clock
        Instant start = Instant.now().minusSeconds(events * 60L);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                ProducerConfig.LINGER_MS_CONFIG, 20,
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class))) {
            for (int a = 0; a < artists; a++) {
                ItemRef artist = ItemRef.artist("Artist " + a);
                List<WeightedTag> tags = List.of(new WeightedTag("tag " + (a % 300), 10),
                        new WeightedTag("tag " + (a % 71), 5), new WeightedTag("tag " + (a % 13), 2));
                producer.send(new ProducerRecord<>(Topics.ITEM_TAGS.name(), utf8(artist.key()),
                        ItemTagsEvent.SERDE.encode(ItemTagsEvent.of(artist, tags, "bench", start))));
                records++;
            }
            for (int i = 0; i < events; i++) {
                String user = "user-" + random.nextInt(users);
                int artist = (int) Math.min(artists - 1, Math.exp(random.nextDouble() * Math.log(artists)) - 1);
                PlayEvent play = PlayEvent.of(user, "Artist " + artist, "Track " + random.nextInt(10), null,
                        start.plusSeconds(i * 60L), 0, "bench");
                producer.send(new ProducerRecord<>(Topics.PLAYS.name(), utf8(user), PlayEvent.SERDE.encode(play)));
                records++;
            }
            producer.flush();
        }
        return records;
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
