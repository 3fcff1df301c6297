package io.tastestream.taste.job;

import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.feedback;
import static io.tastestream.taste.testing.TestEvents.play;
import static io.tastestream.taste.testing.TestEvents.raw;
import static io.tastestream.taste.testing.TestEvents.rawText;
import static io.tastestream.taste.testing.TestEvents.tags;
import static io.tastestream.taste.testing.TestEvents.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.CollectingSink;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;
import io.tastestream.taste.TasteJobMain;
import org.apache.flink.api.common.JobExecutionResult;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.connector.datagen.source.DataGeneratorSource;
import org.apache.flink.connector.datagen.source.GeneratorFunction;
import org.apache.flink.runtime.minicluster.MiniCluster;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.InjectMiniCluster;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/** The whole job on a Flink MiniCluster with RocksDB keyed state, bounded input and collecting sinks. */
class TasteJobMiniClusterTest {

    private static Configuration rocksDb() {
        Configuration conf = new Configuration();
        conf.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        return conf;
    }

    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setConfiguration(rocksDb())
            .setNumberTaskManagers(1)
            .setNumberSlotsPerTaskManager(2)
            .build());

    @TempDir
    Path tmp;

    /** A bounded source emitting exactly these records, in this order (run it with parallelism 1 to keep it). */
    private static DataStream<RawRecord> inputOf(StreamExecutionEnvironment env, List<RawRecord> records) {
        ArrayList<RawRecord> copy = new ArrayList<>(records);
        GeneratorFunction<Long, RawRecord> byIndex = index -> copy.get(index.intValue());
        return env.fromSource(new DataGeneratorSource<>(byIndex, copy.size(), TypeInformation.of(RawRecord.class)),
                        WatermarkStrategy.noWatermarks(), "test input")
                .uid("test-input").setParallelism(1);
    }

    @Test
    void threeUsersGetTheirOwnTasteAndAMalformedRecordIsDeadLettered(@InjectMiniCluster MiniCluster cluster)
            throws Exception {
        List<TasteSnapshot> snapshots = runThreeUsers(cluster, "PT0S");
        // 10 events: one redelivered play dropped; dave's scrobble, export record and poller play of it each emit
        assertThat(snapshots).hasSize(9);
    }

    /**
     * Default emit interval: each user's first change goes out at once, the input ends before any interval does,
     * so the end of input must flush the rest.
     */
    @Test
    void withCoalescedEmissionTheLastSnapshotOfEveryUserStillComesOutAtTheEndOfInput(
            @InjectMiniCluster MiniCluster cluster) throws Exception {
        List<TasteSnapshot> snapshots = runThreeUsers(cluster, "PT0.5S");
        assertThat(snapshots).hasSizeBetween(4, 8); // one or two per user (nine changes, one per event, above)
        Map<String, TasteSnapshot> latest = latestPerUser(snapshots);
        assertThat(latest.get("alice").trigger().kind()).isEqualTo(Trigger.Kind.PLAY);
        assertThat(latest.get("bob").trigger().kind()).as("the latest event is the trigger").isEqualTo(Trigger.Kind.LIKE);
        // (carol's play and ban go through different artists' enrichment subtasks: their arrival order is open)
    }

    private static Map<String, TasteSnapshot> latestPerUser(List<TasteSnapshot> snapshots) {
        return snapshots.stream().collect(Collectors.toMap(
                TasteSnapshot::userId, Function.identity(),
                (a, b) -> Comparator.comparingLong(TasteSnapshot::eventsApplied).compare(a, b) >= 0 ? a : b));
    }

    private List<TasteSnapshot> runThreeUsers(MiniCluster cluster, String emitInterval) throws Exception {
        List<RawRecord> input = new ArrayList<>();
        long offset = 0;
        // tags first: one source task emits in order, and each artist's records reach its enrichment subtask in order
        input.add(raw(artistTags("Radiohead", "alternative", 10, "rock", 6), offset++));
        input.add(raw(artistTags("Björk", "electronic", 10, "icelandic", 4), offset++));
        input.add(raw(artistTags("Miles Davis", "jazz", 10, "trumpet", 3), offset++));
        // a track with tags of its own: its plays carry them beside the artist's, half each
        input.add(raw(ItemTagsEvent.of(new ItemRef("Miles Davis", "So What"), tags("modal", 2), "test", T0), offset++));
        PlayEvent redelivered = play("alice", "Radiohead", "Reckoner", 0);
        input.add(raw(redelivered, offset++));
        input.add(raw(play("alice", "Radiohead", "Nude", 4), offset++));
        input.add(raw(redelivered, offset++));
        input.add(raw(play("bob", "Björk", "Jóga", 1), offset++));
        input.add(raw(feedback("bob", FeedbackType.LIKE, "Björk", 2), offset++));
        input.add(rawText(Topics.PLAYS.name(), "mallory", "{\"userId\":\"mallory\",\"artist\":", offset++));
        input.add(raw(play("carol", "Miles Davis", "So What", 3), offset++));
        input.add(raw(feedback("carol", FeedbackType.BAN, "Radiohead", 5), offset++));
        // one real play seen by Last.fm (stamped at its start), by an account-data export (the minute it ended, no
        // track URI) and then by the Spotify poller (at its end): one play
        input.add(raw(PlayEvent.of("dave", "radiohead", "Nude (Remastered)", null, T0.plusSeconds(5), 0, "lastfm"),
                offset++));
        input.add(raw(PlayEvent.of("dave", "Radiohead", "Nude", null, T0.plusSeconds(240), 255_000,
                "spotify-history"), offset++));
        input.add(raw(PlayEvent.of("dave", "Radiohead", "Nude", "In Rainbows", T0.plusSeconds(255), 255_000,
                "spotify"), offset++));

        // the job runs with the main's Flink settings: RocksDB, incremental checkpoints under data.dir
        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.DATA_DIR, tmp.toString())
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT0.2S")
                .with(TastestreamConfig.EMIT_INTERVAL, emitInterval);
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(2);
        CollectingSink<TasteSnapshot> taste = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        TasteJob.build(env, inputOf(env, input), taste, deadLetters, TasteJobOptions.from(config));
        JobExecutionResult result = env.execute(TasteJob.JOB_NAME);

        assertThat(cluster.getArchivedExecutionGraph(result.getJobID()).get().getStateBackendName())
                .hasValueSatisfying(name -> assertThat(name).contains("RocksDB"));

        List<TasteSnapshot> snapshots = List.copyOf(taste.values());
        Map<String, TasteSnapshot> latest = latestPerUser(snapshots);

        assertThat(latest).containsOnlyKeys("alice", "bob", "carol", "dave");
        // each of dave's snapshots has one event applied: the later in emission order (one subtask) is the last
        TasteSnapshot dave = snapshots.stream().filter(s -> s.userId().equals("dave")).reduce((a, b) -> b)
                .orElseThrow();
        assertThat(dave.eventsApplied()).as("a Spotify play, its export record and its Last.fm scrobble")
                .isEqualTo(1);
        assertThat(dave.topArtists()).singleElement().satisfies(a -> {
            assertThat(a.name()).isEqualToIgnoringCase("Radiohead");
            assertThat(a.weight()).isCloseTo(1.0, within(1e-9)); // one full play, seen at its own time
        });
        assertThat(dave.recentPlays()).singleElement()
                .satisfies(p -> assertThat(p.track()).isEqualTo("Nude"));
        assertThat(tagNames(latest.get("alice"))).containsExactly("alternative", "rock");
        assertThat(latest.get("alice").eventsApplied()).isEqualTo(2);
        assertThat(tagNames(latest.get("bob"))).containsExactly("electronic", "icelandic");
        assertThat(latest.get("bob").liked()).containsExactly("björk");
        assertThat(tagNames(latest.get("carol"))).containsExactly("modal", "jazz", "trumpet");
        List<Weighted> carolsTags = latest.get("carol").topTags(); // the track's tags took half the play's weight
        assertThat(carolsTags.get(0).weight())
                .isCloseTo(carolsTags.get(1).weight() + carolsTags.get(2).weight(), within(1e-12));
        assertThat(latest.get("carol").banned()).containsExactly("radiohead");

        assertThat(deadLetters.values()).singleElement().satisfies(letter -> {
            assertThat(letter.sourceTopic()).isEqualTo(Topics.PLAYS.name());
            assertThat(letter.key()).isEqualTo("mallory");
            assertThat(letter.offset()).isEqualTo(9);
            assertThat(letter.reason()).startsWith("PlayEvent: not valid JSON");
        });
        taste.clear();
        deadLetters.clear();
        return snapshots;
    }

    private static List<String> tagNames(TasteSnapshot snapshot) {
        return snapshot.topTags().stream().map(Weighted::name).toList();
    }
}
