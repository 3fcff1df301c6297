package io.tastestream.ingest.replay;

import io.tastestream.core.testing.ThreadCpu;
import io.tastestream.ingest.dataset.Dataset;
import io.tastestream.ingest.dataset.DatasetReader;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import io.tastestream.ingest.spotify.history.SpotifyHistoryImportBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Not a test: prints the replay rate (events/s) of the HetRec data set (1.3 million synthesised plays and the
 * artists' tag events) into a real single-node KRaft broker started in this JVM (or the one given as the second
 * argument), several rounds, with CPU seconds per thread group. Goal: ≥ 200,000 events/s.
 *
 * <pre>
 * mvn -B -o -q -pl core,ingest test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/test-classpath.txt
 * java -cp ingest/target/test-classes:ingest/target/classes:$(cat ingest/target/test-classpath.txt) \
 *     io.tastestream.ingest.replay.ReplayBenchmark [DATA_DIR [BOOTSTRAP]]   (-Drounds=3 -Dlimit=N)
 * </pre>
 */
public final class ReplayBenchmark {
    public static void main(String[] args) throws Exception {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data/hetrec2011-lastfm-2k");
        if (!Files.isDirectory(data)) {
            System.err.println("no data set at " + data.toAbsolutePath() + "; give a HetRec-format directory");
            System.exit(2);
        }
        long started = System.nanoTime();
        Dataset dataset = new DatasetReader().read(data);
        ReplaySettings settings = new ReplaySettings(0, Long.getLong("limit", 0L), null, false, null);
        ReplayPlan plan = ReplayPlanner.plan(dataset, settings);
        System.out.printf("read and planned %s in %.1f s: %,d tag events, %,d plays%n", data,
                (System.nanoTime() - started) / 1e9, plan.tagEvents().size(), plan.plays().size());
        KafkaTestCluster cluster = null;
        String bootstrap;
        if (args.length > 1) {
            bootstrap = args[1];
        } else {
            cluster = KafkaTestCluster.start();
            cluster.createTopics();
            bootstrap = cluster.bootstrapServers();
        }
        try (Replayer replayer = new Replayer(bootstrap)) {
            int rounds = Integer.getInteger("rounds", 3);
            for (int round = 1; round <= rounds; round++) {
                ThreadCpu threads = ThreadCpu.start(50);
                ReplaySummary s = replayer.publish(plan, settings);
                String perThread = SpotifyHistoryImportBenchmark.perThread(threads);
                long events = s.tagEventsPublished() + s.playsPublished();
                double seconds = s.elapsed().toNanos() / 1e9;
                System.out.printf("REPLAY %d: %,d events in %.2f s = %,.0f events/s (goal >= 200,000)%s%n", round,
                        events, seconds, events / seconds, s.succeeded() ? "" : " NOT ALL PUBLISHED");
                System.out.println("    CPU s by thread: " + perThread);
            }
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
    }
}
