package io.tastestream.ingest.spotify.history;

import io.tastestream.core.testing.ThreadCpu;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.PublishedIdLedger;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import java.io.BufferedWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

/**
 * Not a test: prints the import rate of a generated 140,000-row extended streaming-history file into a real
 * single-node KRaft broker (started here, or the one given as the first argument), then of a second import of the
 * same file (all duplicates). Goal: ≥ 50,000 rows/s.
 *
 * <pre>
 * mvn -B -o -q -pl core,ingest test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test-classpath.txt
 * java -cp ingest/target/test-classes:ingest/target/classes:core/target/classes:$(cat ingest/target/test-classpath.txt) \
 *     io.tastestream.ingest.spotify.history.SpotifyHistoryImportBenchmark [BOOTSTRAP]
 * </pre>
 */
public final class SpotifyHistoryImportBenchmark {
    static final int ROWS = 140_000;

    public static void main(String[] args) throws Exception {
        Path dir = Files.createTempDirectory("spotify-import-bench");
        Path file = dir.resolve("Streaming_History_Audio_2015-2025_0.json");
        generate(file, ROWS, new Random(42));
        System.out.printf("generated %,d rows (%,d KiB) in %s%n", ROWS, Files.size(file) / 1024, file);
        KafkaTestCluster cluster = null;
        String bootstrap;
        if (args.length > 0) {
            bootstrap = args[0];
        } else {
            cluster = KafkaTestCluster.start();
            cluster.createTopics();
            bootstrap = cluster.bootstrapServers();
        }
        // -Dproducer.<setting>=<value> overrides a producer setting, to try alternatives
        java.util.Map<String, Object> producerConfig = AckedPublisher.bulkProducerConfig(bootstrap, "bench-import");
        for (String name : System.getProperties().stringPropertyNames()) {
            if (name.startsWith("producer.")) {
                producerConfig.put(name.substring("producer.".length()), System.getProperty(name));
            }
        }
        try (AckedPublisher publisher = new AckedPublisher(producerConfig);
             PublishedIdLedger ledger = PublishedIdLedger.open(dir.resolve("ledger"))) {
            SpotifyHistoryImporter importer = new SpotifyHistoryImporter(publisher, ledger);
            HistoryImportSettings settings = new HistoryImportSettings("bench-user",
                    HistoryImportSettings.DEFAULT_MIN_PLAY, false);
            // a small warm-up file (JIT, producer metadata, RocksDB), not counted
            Path warm = dir.resolve("warmup.json");
            generate(warm, 5_000, new Random(7));
            importer.importFiles(List.of(warm), new HistoryImportSettings("warmup-user",
                    HistoryImportSettings.DEFAULT_MIN_PLAY, false));

            // several first imports (each as another user, so nothing is a duplicate) to show the spread on a
            // shared machine; CPU seconds of this process (importer and, when started here, the broker) are
            // steadier than wall-clock rates when other processes compete for the cores
            int rounds = Integer.getInteger("rounds", 3);
            for (int round = 1; round <= rounds; round++) {
                HistoryImportSettings fresh = round == 1 ? settings : new HistoryImportSettings("bench-user-" + round,
                        HistoryImportSettings.DEFAULT_MIN_PLAY, false);
                long cpu = processCpuNanos();
                ThreadCpu threads = ThreadCpu.start(50); // 50 ms: the parse thread lives only as long as the import
                HistoryImportSummary first = importer.importFiles(List.of(file), fresh);
                double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
                String perThread = perThread(threads);
                if (round == 1) {
                    System.out.print(first.describe());
                }
                System.out.printf("FIRST IMPORT %d: %,d rows in %.2f s = %,.0f rows/s (goal >= 50,000); "
                                + "process CPU %.2f s = %,.0f rows per CPU-second%n", round, first.records(),
                        first.elapsed().toMillis() / 1000.0, first.recordsPerSecond(), cpuSeconds,
                        first.records() / cpuSeconds);
                System.out.println("    CPU s by thread: " + perThread);
            }
            long cpu = processCpuNanos();
            HistoryImportSummary again = importer.importFiles(List.of(file), settings);
            double cpuSeconds = (processCpuNanos() - cpu) / 1e9;
            System.out.printf("SECOND IMPORT: %,d rows in %.2f s = %,.0f rows/s, %,d published (all duplicates); "
                            + "process CPU %.2f s%n", again.records(), again.elapsed().toMillis() / 1000.0,
                    again.recordsPerSecond(), again.plays() + again.skips(), cpuSeconds);
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }

    /** CPU seconds per thread group of an import or a replay, as one line ("parse 1.20  producer-io 0.80 ..."). */
    public static String perThread(ThreadCpu threads) throws InterruptedException {
        StringBuilder sb = new StringBuilder();
        threads.stop(SpotifyHistoryImportBenchmark::threadGroup)
                .forEach((group, seconds) -> sb.append(String.format("%s %.2f  ", group, seconds)));
        return sb.toString().trim();
    }

    private static String threadGroup(String name) {
        return name.equals("main") ? "main" : name.startsWith("spotify-history-parse") ? "parse"
                : name.startsWith("replay-") ? "replay-encode"
                : name.startsWith("kafka-producer-network") ? "producer-io"
                : name.startsWith("data-plane-kafka-request-handler") ? "broker-handlers" : "other";
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory
                .getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** Rows like a real export: mostly music, some short plays and skips, ~3% podcasts, one play every ~3 min. */
    static void generate(Path file, int rows, Random random) throws Exception {
        Instant t = Instant.parse("2015-01-01T00:00:00Z");
        try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            w.write("[\n");
            for (int i = 0; i < rows; i++) {
                t = t.plus(Duration.ofSeconds(30 + random.nextInt(300)));
                boolean podcast = random.nextInt(100) < 3;
                long ms = random.nextInt(100) < 15 ? random.nextInt(30_000) : 30_000 + random.nextInt(300_000);
                int artist = (int) Math.abs(random.nextGaussian() * 300);
                int track = random.nextInt(40);
                w.write(i == 0 ? "" : ",\n");
                w.write("{\"ts\":\"" + t + "\",\"platform\":\"Android OS 13 API 33 (Google, Pixel 7)\",\"ms_played\":"
                        + ms + ",\"conn_country\":\"DE\",\"ip_addr\":\"192.0.2." + (i % 250) + "\",");
                if (podcast) {
                    w.write("\"master_metadata_track_name\":null,\"master_metadata_album_artist_name\":null,"
                            + "\"master_metadata_album_album_name\":null,\"spotify_track_uri\":null,"
                            + "\"episode_name\":\"Episode " + i + "\",\"episode_show_name\":\"Show " + (i % 9)
                            + "\",\"spotify_episode_uri\":\"spotify:episode:" + i + "\",");
                } else {
                    w.write("\"master_metadata_track_name\":\"Track " + artist + "-" + track + "\","
                            + "\"master_metadata_album_artist_name\":\"Artist " + artist + "\","
                            + "\"master_metadata_album_album_name\":\"Album " + artist + "-" + (track / 10) + "\","
                            + "\"spotify_track_uri\":\"spotify:track:" + Integer.toHexString(artist * 100 + track)
                            + "\",\"episode_name\":null,\"episode_show_name\":null,\"spotify_episode_uri\":null,");
                }
                w.write("\"audiobook_title\":null,\"audiobook_uri\":null,\"audiobook_chapter_uri\":null,"
                        + "\"audiobook_chapter_title\":null,\"reason_start\":\"trackdone\",\"reason_end\":\""
                        + (ms < 30_000 ? "fwdbtn" : "trackdone") + "\",\"shuffle\":" + random.nextBoolean()
                        + ",\"skipped\":" + (ms < 30_000) + ",\"offline\":false,\"offline_timestamp\":null,"
                        + "\"incognito_mode\":false}");
            }
            w.write("\n]\n");
        }
    }
}
