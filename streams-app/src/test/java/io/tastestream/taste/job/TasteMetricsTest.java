package io.tastestream.taste.job;

import static io.tastestream.taste.testing.TestEvents.T0;
import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.raw;
import static io.tastestream.taste.testing.TestEvents.rawText;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.CollectingSink;
import io.tastestream.taste.testing.InMemoryMetricReporter;
import io.tastestream.taste.testing.RecordsSource;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.Metric;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The job's metrics as a metric reporter (Prometheus, the dashboard) sees them, from a run with known numbers of
 * good, duplicate, late and bad records: taste updates (count and rate), duplicates dropped, late events, dead
 * letters, state size (per-user bytes written, and RocksDB's own size estimates).
 */
class TasteMetricsTest {
    private static Configuration withReporter() {
        Configuration flink = new Configuration();
        InMemoryMetricReporter.configure(flink);
        return flink;
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(withReporter()).setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int USERS = 7;
    private static final int PLAYS = 300;
    private static final int DUPLICATES = 23;
    private static final int LATE = 9;
    private static final int BAD = 13;

    @TempDir
    Path dataDir;

    @Test
    void updatesDuplicatesLateEventsDeadLettersAndStateSizeAreReported() throws Exception {
        InMemoryMetricReporter.clear();
        List<RawRecord> input = new ArrayList<>();
        long offset = 0;
        input.add(raw(artistTags("Mogwai", "post-rock", 10, "scottish", 3), offset++));
        // one play seen by Spotify and scrobbled to Last.fm: the scrobble is dropped (no taste update)
        input.add(raw(PlayEvent.of("user-0", "Mogwai", "Auto Rock", null, T0.plusSeconds(240), 240_000, "spotify"),
                offset++));
        input.add(raw(PlayEvent.of("user-0", "Mogwai", "Auto Rock", null, T0.plusSeconds(2), 0, "lastfm"),
                offset++));
        List<PlayEvent> plays = new ArrayList<>();
        for (int i = 0; i < PLAYS; i++) {
            PlayEvent play = PlayEvent.of("user-" + (i % USERS), "Mogwai", "track " + i, null,
                    T0.plusSeconds(60L * i), 0, "test");
            plays.add(play);
            input.add(raw(play, offset++));
            if (i % 13 == 5 && i / 13 < DUPLICATES) {
                input.add(raw(plays.get(i / 2), offset++)); // a redelivery of an earlier play
            }
            if (i % 23 == 7 && i / 23 < BAD) {
                input.add(rawText(Topics.PLAYS.name(), "user-0", "{\"userId\":", offset++));
            }
        }
        // far behind the watermark (out-of-orderness bound 5 minutes): late, but applied
        for (int i = 0; i < LATE; i++) {
            input.add(raw(PlayEvent.of("user-" + (i % USERS), "Mogwai", "old track " + i, null,
                    T0.minus(Duration.ofDays(30)).plusSeconds(i), 0, "test"), offset++));
        }
        long duplicates = input.stream().filter(r -> r.topic().equals(Topics.PLAYS.name())).count()
                - PLAYS - LATE - BAD - 2;
        assertThat(duplicates).as("the input holds the intended duplicates").isEqualTo(DUPLICATES);

        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT0.5S");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(2);
        // paced so that watermarks (emitted every 200 ms) have passed the plays before the late ones arrive
        TasteJob.build(env, RecordsSource.of(env, input, TypeInformation.of(RawRecord.class), 250, 1),
                new CollectingSink<TasteSnapshot>(), new CollectingSink<DeadLetter>(), TasteJobOptions.from(config));
        env.execute(TasteJob.JOB_NAME);

        assertThat(counted("tasteUpdates")).isEqualTo(PLAYS + LATE + 1);
        assertThat(counted("duplicateEvents")).isEqualTo(DUPLICATES);
        assertThat(counted("crossSourceDuplicates")).isEqualTo(1);
        assertThat(counted("lateEvents")).isEqualTo(LATE);
        assertThat(counted("deadLetters")).isEqualTo(BAD);
        assertThat(InMemoryMetricReporter.named("tasteUpdatesPerSecond")).isNotEmpty()
                .allSatisfy(m -> assertThat(m).isInstanceOf(Meter.class));

        // state size: every user's taste was written at least once, at a few hundred bytes for one artist
        List<Histogram> stateBytes = InMemoryMetricReporter.named("stateBytes").stream()
                .map(Histogram.class::cast).toList();
        assertThat(stateBytes.stream().mapToLong(Histogram::getCount).sum()).isGreaterThanOrEqualTo(USERS);
        assertThat(stateBytes.stream().filter(h -> h.getCount() > 0))
                .allSatisfy(h -> assertThat(h.getStatistics().getMax()).isBetween(50L, 4096L));
        assertThat(InMemoryMetricReporter.named("lastStateBytes")).isNotEmpty()
                .anySatisfy(m -> assertThat(((Number) ((Gauge<?>) m).getValue()).longValue()).isPositive());
        assertThat(InMemoryMetricReporter.all().keySet())
                .as("RocksDB's size estimates of the taste state (the job enables them)")
                .anySatisfy(name -> assertThat(name).contains("taste per user")
                        .endsWith("taste-state.rocksdb_estimate-live-data-size"))
                .anySatisfy(name -> assertThat(name).endsWith("taste-state.rocksdb_total-sst-files-size"))
                .anySatisfy(name -> assertThat(name).endsWith("taste-state.rocksdb_estimate-num-keys"));
    }

    /** The sum of a counter over all subtasks. */
    private static long counted(String name) {
        List<Metric> metrics = InMemoryMetricReporter.named(name);
        assertThat(metrics).as("metric %s", name).isNotEmpty();
        return metrics.stream().mapToLong(m -> ((Counter) m).getCount()).sum();
    }
}
