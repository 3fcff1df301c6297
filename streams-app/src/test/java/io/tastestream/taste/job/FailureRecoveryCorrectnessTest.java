package io.tastestream.taste.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.CollectingSink;
import io.tastestream.taste.testing.FailureInjector;
import io.tastestream.taste.testing.OfflineTaste;
import io.tastestream.taste.testing.RecordsSource;
import io.tastestream.taste.testing.TasteStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The standard of issue 5: a stream derived from HetRec (or generated when the data is absent), shuffled within the
 * out-of-orderness bound, with late events and 5% duplicate plays, through the whole job on RocksDB with
 * checkpoints every 200 ms, failing twice mid-stream so that it restores from checkpoints. At the end every user's
 * taste equals the formula computed offline over the distinct events, to 1e-9 relative: zero lost, zero counted
 * twice. The taste sink is at-least-once, so it sees replayed snapshots after each restore: the last snapshot per
 * user (the one with the most events applied) is compared.
 */
class FailureRecoveryCorrectnessTest {
    static final int USERS = 30;
    static final Duration OUT_OF_ORDERNESS = Duration.ofHours(1);

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dataDir;

    /** Settings for exact comparisons: bounds and top-N above anything in the data, so nothing is pruned or cut. */
    static TastestreamConfig exactConfig(Path dataDir) {
        return TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT0.3S")
                .with(TastestreamConfig.MAX_OUT_OF_ORDERNESS, OUT_OF_ORDERNESS.toString())
                .with(TastestreamConfig.TOP_N, "100000")
                .with(TastestreamConfig.MAX_TAGS, "100000")
                .with(TastestreamConfig.MAX_ARTISTS, "100000");
    }

    @Test
    void everyTasteEqualsTheFormulaOverDistinctEventsAfterTwoRestoresFromCheckpoints() throws Exception {
        // a fifth of the plays come from Spotify and are scrobbled to Last.fm too: the scrobbles must not count
        TasteStream stream = TasteStream.load(USERS, 7).withSpotifyPlays(0.2, 13);
        List<Object> plain = stream.arrivalOrder(OUT_OF_ORDERNESS, 0.01, 0.05, 11);
        List<Object> arrivals = TasteStream.withScrobbles(plain, 17);
        List<RawRecord> records = stream.rawRecords(arrivals);
        assertThat(plain.size() - stream.distinctEvents().size()).as("duplicates in the stream").isPositive();
        assertThat(arrivals.size() - plain.size()).as("Last.fm scrobbles of Spotify plays").isPositive();

        TastestreamConfig config = exactConfig(dataDir);
        Configuration flink = TasteJobMain.flinkConfiguration(config);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 5);
        flink.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(100));
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(2);

        String failures = UUID.randomUUID().toString();
        // slow enough that several checkpoints complete while the stream is read (not a timing assertion)
        DataStream<RawRecord> input = RecordsSource.of(env, records, TypeInformation.of(RawRecord.class),
                        records.size() / 4.0, 1)
                .map(new FailureInjector<RawRecord>(failures, records.size() / 3, 2L * records.size() / 3))
                .uid("inject-failures").name("inject failures").setParallelism(1);
        CollectingSink<TasteSnapshot> taste = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        TasteJob.build(env, input, taste, deadLetters, TasteJobOptions.from(config));
        long started = System.nanoTime();
        env.execute(TasteJob.JOB_NAME);
        System.out.printf("correctness: %s, %d records, %.1f s%n", stream.origin(), records.size(), (System.nanoTime() - started) / 1e9);

        FailureInjector.Progress progress = FailureInjector.progress(failures);
        assertThat(progress.failures.get()).as("injected failures").isEqualTo(2);
        assertThat(progress.restoresFromCheckpoint.get()).as("restores from a checkpoint").isEqualTo(2);
        assertThat(progress.records.get()).as("records read, replays included").isGreaterThan(records.size());

        Map<String, TasteSnapshot> last = lastPerUser(taste.values());
        Map<String, OfflineTaste.UserTaste> expected = OfflineTaste.compute(stream, TasteSettings.from(config));
        assertThat(last.keySet()).as("users (%s)", stream.origin()).isEqualTo(expected.keySet());
        for (TasteSnapshot snapshot : last.values()) {
            OfflineTaste.assertMatches(snapshot, expected.get(snapshot.userId()), 1e-9);
        }
        assertThat(deadLetters.values()).isEmpty();
        taste.clear();
        deadLetters.clear();
    }

    /**
     * The snapshot with the most events applied per user, the later (in emission order) of equals: later snapshots
     * of a user count at least as many events (a Spotify play replacing its scrobble keeps the count), and after a
     * restore the replayed ones come before the final one.
     */
    static Map<String, TasteSnapshot> lastPerUser(List<TasteSnapshot> snapshots) {
        return snapshots.stream().collect(Collectors.toMap(TasteSnapshot::userId, Function.identity(),
                (a, b) -> b.eventsApplied() >= a.eventsApplied() ? b : a));
    }
}
