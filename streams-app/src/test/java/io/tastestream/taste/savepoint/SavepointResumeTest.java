package io.tastestream.taste.savepoint;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.job.TasteJob;
import io.tastestream.taste.job.TasteJobOptions;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.CollectingSink;
import io.tastestream.taste.testing.OfflineTaste;
import io.tastestream.taste.testing.RecordsSource;
import io.tastestream.taste.testing.TasteStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.client.program.ClusterClient;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectClusterClient;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * Stop with a savepoint through the REST API ({@link TasteSavepointCommand}) in the middle of the stream, resume
 * from it as {@code taste-job --from-savepoint} does, and the tastes at the end equal the formula: nothing lost or
 * counted twice across the stop.
 */
class SavepointResumeTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dataDir;

    @Test
    void stopWithSavepointMidStreamAndResumeGivesExactTastes(@InjectClusterClient ClusterClient<?> cluster)
            throws Exception {
        TasteStream stream = TasteStream.load(6, 9);
        List<RawRecord> records = stream.rawRecords(stream.arrivalOrder(Duration.ofHours(1), 0.01, 0.05, 13));
        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT1S")
                .with(TastestreamConfig.TOP_N, "100000")
                .with(TastestreamConfig.MAX_TAGS, "100000")
                .with(TastestreamConfig.MAX_ARTISTS, "100000");

        CollectingSink<TasteSnapshot> before = new CollectingSink<>();
        // slow: the stream must still be running when the savepoint is taken
        JobClient first = start(config, new Configuration(), records, records.size() / 6.0, before);
        long distinct = stream.distinctEvents().size();
        waitFor(() -> eventsApplied(before.values()) >= distinct / 5, "events applied before the stop");

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = new CommandLine(new TasteSavepointCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("--url", cluster.getWebInterfaceURL(), "--set", "data.dir=" + dataDir);
        assertThat(exit).as("taste-savepoint: %s%s", out, err).isZero();
        assertThat(first.getJobStatus().get()).isIn(JobStatus.FINISHED);
        Matcher resume = Pattern.compile("--from-savepoint (\\S+)").matcher(out.toString());
        assertThat(resume.find()).as(out.toString()).isTrue();
        Path savepoint = Path.of(resume.group(1));
        assertThat(savepoint).startsWith(dataDir.resolve("flink-savepoints"));
        assertThat(Files.isRegularFile(savepoint.resolve("_metadata"))).isTrue();
        assertThat(eventsApplied(before.values())).as("stopped mid-stream").isLessThan(distinct);

        Configuration restore = new Configuration();
        restore.set(StateRecoveryOptions.SAVEPOINT_PATH, savepoint.toUri().toString());
        CollectingSink<TasteSnapshot> after = new CollectingSink<>();
        start(config, restore, records, 0, after).getJobExecutionResult().get();

        List<TasteSnapshot> all = new ArrayList<>(before.values());
        all.addAll(after.values());
        Map<String, TasteSnapshot> last = io.tastestream.taste.job.FailureRecoveryCorrectnessTestAccess.lastPerUser(all);
        Map<String, OfflineTaste.UserTaste> expected = OfflineTaste.compute(stream, TasteSettings.from(config));
        assertThat(last.keySet()).isEqualTo(expected.keySet());
        for (TasteSnapshot snapshot : last.values()) {
            OfflineTaste.assertMatches(snapshot, expected.get(snapshot.userId()), 1e-9);
        }
        // resumed, not restarted: the second run starts from each user's count at the savepoint, not from zero
        // (snapshots are coalesced per user, so counting them says nothing)
        Map<String, Long> countAtStop = new java.util.HashMap<>();
        for (TasteSnapshot s : before.values()) {
            countAtStop.merge(s.userId(), s.eventsApplied(), Math::max);
        }
        List<TasteSnapshot> resumedUsers = after.values().stream()
                .filter(s -> countAtStop.containsKey(s.userId())).toList();
        assertThat(resumedUsers).as("users seen before the stop, updated after it").isNotEmpty();
        assertThat(resumedUsers).allSatisfy(s -> assertThat(s.eventsApplied())
                .as("events of %s", s.userId()).isGreaterThanOrEqualTo(countAtStop.get(s.userId())));
        before.clear();
        after.clear();
    }

    private static JobClient start(TastestreamConfig config, Configuration extra, List<RawRecord> records,
                                   double rate, CollectingSink<TasteSnapshot> taste) throws Exception {
        Configuration flink = TasteJobMain.flinkConfiguration(config);
        flink.addAll(extra);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment(flink);
        env.setParallelism(1);
        TasteJob.build(env, RecordsSource.of(env, records, TypeInformation.of(RawRecord.class), rate, 1), taste,
                new CollectingSink<DeadLetter>(), TasteJobOptions.from(config));
        return env.executeAsync(TasteJob.JOB_NAME);
    }

    /** Events applied over all users, as far as the emitted snapshots tell. */
    private static long eventsApplied(List<TasteSnapshot> snapshots) {
        Map<String, Long> perUser = new java.util.HashMap<>();
        for (TasteSnapshot s : snapshots) {
            perUser.merge(s.userId(), s.eventsApplied(), Math::max);
        }
        return perUser.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Polls a condition; the deadline only bounds a broken run, it is not what is tested. */
    private static void waitFor(java.util.function.BooleanSupplier condition, String what) throws Exception {
        Instant deadline = Instant.now().plusSeconds(60);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("waiting for %s", what).isBefore(deadline);
            Thread.sleep(50);
        }
    }
}
