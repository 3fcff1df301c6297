package io.tastestream.taste.job;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.CollectingSink;
import io.tastestream.taste.testing.OfflineTaste;
import io.tastestream.taste.testing.RecordsSource;
import io.tastestream.taste.testing.TasteStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The same input through the job with parallelism 1 and 2 (a two-split source, like a two-partition topic, with
 * every operator at that parallelism) gives the same final taste per user, and both equal the formula.
 */
class ParallelismTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    @TempDir
    Path dataDir;

    @Test
    void parallelismOneAndTwoGiveTheSameTastes() throws Exception {
        TasteStream stream = TasteStream.load(8, 3);
        List<Object> arrivals = new ArrayList<>(
                stream.arrivalOrder(FailureRecoveryCorrectnessTest.OUT_OF_ORDERNESS, 0.01, 0.05, 5));
        if (arrivals.size() % 2 == 1) {
            arrivals.add(arrivals.get(0)); // a redelivery, to make the two partitions the same size
        }
        // two partitions of equal size, each starting with all artist tags: the source splits its index range into
        // one contiguous range per subtask, and tags read by a subtask reach enrichment before its later plays
        List<Object> first = arrivals.subList(0, arrivals.size() / 2);
        List<Object> second = arrivals.subList(arrivals.size() / 2, arrivals.size());
        List<RawRecord> records = new ArrayList<>(stream.rawRecords(first));
        records.addAll(stream.rawRecords(second));

        TastestreamConfig config = FailureRecoveryCorrectnessTest.exactConfig(dataDir)
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT1S");
        Map<String, TasteSnapshot> one = run(records, config, 1);
        Map<String, TasteSnapshot> two = run(records, config, 2);

        Map<String, OfflineTaste.UserTaste> expected = OfflineTaste.compute(stream, TasteSettings.from(config));
        assertThat(one.keySet()).isEqualTo(expected.keySet()).isEqualTo(two.keySet());
        for (String user : expected.keySet()) {
            OfflineTaste.assertMatches(one.get(user), expected.get(user), 1e-9);
            OfflineTaste.assertMatches(two.get(user), expected.get(user), 1e-9);
            assertThat(two.get(user).eventsApplied()).isEqualTo(one.get(user).eventsApplied());
        }
    }

    private static Map<String, TasteSnapshot> run(List<RawRecord> records, TastestreamConfig config, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(parallelism);
        CollectingSink<TasteSnapshot> taste = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        TasteJob.build(env, RecordsSource.of(env, records, TypeInformation.of(RawRecord.class), 0, parallelism),
                taste, deadLetters, TasteJobOptions.from(config));
        env.execute(TasteJob.JOB_NAME + " p" + parallelism);
        Map<String, TasteSnapshot> last = FailureRecoveryCorrectnessTest.lastPerUser(taste.values());
        assertThat(deadLetters.values()).isEmpty();
        taste.clear();
        deadLetters.clear();
        return last;
    }
}
