package io.tastestream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.testing.SharedData;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.dataset.DatasetReader;
import io.tastestream.ingest.dataset.PlayRow;
import io.tastestream.ingest.dataset.UserArtist;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import io.tastestream.ingest.synthetic.SyntheticDatasetWriter;
import io.tastestream.ingest.synthetic.SyntheticGenerator;
import io.tastestream.ingest.synthetic.SyntheticSettings;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** Replays into a real single-node KRaft broker and reads everything back. */
class ReplayKafkaTest {

    private static KafkaTestCluster kafka;

    @TempDir
    Path tmp;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
        kafka.createTopics();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    private Map<TopicPartition, Long> tagsMark;
    private Map<TopicPartition, Long> playsMark;

    /** The topics are shared by the tests: each reads only what it added. */
    @BeforeEach
    void markTopics() {
        tagsMark = kafka.mark(Topics.ITEM_TAGS.name());
        playsMark = kafka.mark(Topics.PLAYS.name());
    }

    private List<ConsumerRecord<byte[], byte[]>> tags() {
        return kafka.readSince(Topics.ITEM_TAGS.name(), tagsMark);
    }

    private List<ConsumerRecord<byte[], byte[]>> plays() {
        return kafka.readSince(Topics.PLAYS.name(), playsMark);
    }

    @Test
    void replaysASyntheticDatasetWithKeysTimestampsAndDecodableValues() throws Exception {
        Path dir = tmp.resolve("synthetic");
        SyntheticDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSettings(8, 5, 40, 60, 60)), dir);
        // one unusable line: reported, skipped, the rest still goes out
        Files.writeString(dir.resolve("plays.tsv"), "synthetic-01\tyesterday\t\tX\t\tY\n", StandardOpenOption.APPEND);
        List<PlayRow> rows = new DatasetReader().read(dir).plays();

        ReplaySummary summary;
        try (Replayer replayer = new Replayer(kafka.bootstrapServers())) {
            summary = replayer.replay(dir, ReplaySettings.defaults());
        }

        assertThat(summary.succeeded()).isTrue();
        assertThat(summary.playsPublished()).isEqualTo(8 * 40).isEqualTo(rows.size());
        assertThat(summary.tagEventsPublished()).isEqualTo(60); // every synthetic artist is tagged
        assertThat(summary.linesRejected()).isEqualTo(1);
        assertThat(summary.firstProblems().get(0).toString()).contains("plays.tsv:321:")
                .contains("'yesterday' is not an ISO-8601");
        assertThat(summary.describe()).contains("plays published:     320 of 320").contains("rejected input lines: 1")
                .contains("1 x plays.tsv: timestamp '…' is not an ISO-8601 UTC instant");

        List<ConsumerRecord<byte[], byte[]>> tagRecords = tags();
        assertThat(tagRecords).hasSize(60);
        for (ConsumerRecord<byte[], byte[]> r : tagRecords) {
            ItemTagsEvent e = Topics.ITEM_TAGS.valueSerde().decode(r.value());
            assertThat(Topics.ITEM_TAGS.keySerde().decode(r.key())).isEqualTo(e.item().key());
            assertThat(r.timestamp()).isEqualTo(e.at().toEpochMilli()).isEqualTo(summary.firstPlayAt().toEpochMilli());
            assertThat(e.source()).isEqualTo("synthetic");
            assertThat(e.tags()).isNotEmpty();
            assertThat(e.item().artist()).startsWith("Synthetic ");
        }

        List<ConsumerRecord<byte[], byte[]>> playRecords = plays();
        assertThat(playRecords).hasSize(320);
        Map<String, Instant> lastPerUser = new HashMap<>();
        Map<String, Integer> expected = new HashMap<>();
        rows.forEach(r -> expected.merge(r.userId() + "|" + r.playedAt() + "|" + r.artist() + "|" + r.track(), 1,
                Integer::sum));
        Map<String, Integer> actual = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : playRecords) {
            PlayEvent p = Topics.PLAYS.valueSerde().decode(r.value());
            assertThat(Topics.PLAYS.keySerde().decode(r.key())).isEqualTo(p.userId());
            assertThat(r.timestamp()).isEqualTo(p.playedAt().toEpochMilli());
            assertThat(p.source()).isEqualTo("synthetic");
            // one user's plays are in one partition, in event-time order
            Instant previous = lastPerUser.put(p.userId(), p.playedAt());
            if (previous != null) {
                assertThat(p.playedAt()).isAfterOrEqualTo(previous);
            }
            actual.merge(p.userId() + "|" + p.playedAt() + "|" + p.artist() + "|" + p.track(), 1, Integer::sum);
        }
        assertThat(actual).isEqualTo(expected);
    }

    @Test
    void synthesisesPlaysFromCountsWhenThereIsNoPlayFile() throws Exception {
        Path dir = tmp.resolve("counts-only");
        SyntheticDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSettings(6, 9, 30, 48, 60)), dir);
        Files.delete(dir.resolve("plays.tsv"));
        List<UserArtist> pairs = new DatasetReader().read(dir).userArtists();
        long expected = pairs.stream().filter(p -> p.userId() <= 2)
                .mapToLong(p -> ReplayPlanner.SynthesisedPlays.playsFor(p.weight())).sum();

        ReplaySummary summary;
        try (Replayer replayer = new Replayer(kafka.bootstrapServers())) {
            // with the progress bar (to stderr), as the command draws it
            summary = replayer.replay(dir, ReplaySettings.defaults().withUsers(Set.of("1", "2")).withProgress(true));
        }

        assertThat(summary.playsNote()).startsWith("HetRec has no per-play timestamps: " + expected + " plays");
        assertThat(summary.describe()).contains("NOTE: HetRec has no per-play timestamps");
        List<ConsumerRecord<byte[], byte[]>> plays = plays();
        assertThat(plays).hasSize((int) expected);
        assertThat(plays).allSatisfy(r -> {
            PlayEvent p = Topics.PLAYS.valueSerde().decode(r.value());
            assertThat(p.userId()).isIn("1", "2");
            assertThat(p.source()).isEqualTo("synthetic");
            assertThat(r.timestamp()).isEqualTo(p.playedAt().toEpochMilli());
        });
        // tags only for the artists those two listeners played
        long artistsPlayed = pairs.stream().filter(p -> p.userId() <= 2).map(UserArtist::artistId).distinct().count();
        assertThat(tags()).hasSize((int) artistsPlayed);
    }

    @Test
    void stopEndsARateLimitedReplayEarlyAndFlushesWhatWasSent() throws Exception {
        Path dir = tmp.resolve("slow");
        SyntheticDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSettings(4, 11, 100, 24, 60)), dir);
        ReplayPlan plan = ReplayPlanner.plan(new DatasetReader().read(dir), ReplaySettings.defaults());
        ReplaySettings slow = ReplaySettings.defaults().withRate(40); // 400 plays would take 10 s
        try (Replayer replayer = new Replayer(kafka.bootstrapServers())) {
            java.util.concurrent.CompletableFuture<ReplaySummary> running =
                    java.util.concurrent.CompletableFuture.supplyAsync(() -> replayer.publish(plan, slow));
            // stop as soon as the first plays are on the broker, as Ctrl-C would
            while (plays().isEmpty()) {
                Thread.sleep(20);
            }
            replayer.stop();
            ReplaySummary summary = running.get();

            assertThat(summary.stoppedEarly()).isTrue();
            assertThat(summary.succeeded()).isFalse();
            assertThat(summary.describe()).startsWith("Replay STOPPED early");
            assertThat(summary.playsPublished()).isPositive().isLessThan(400);
            assertThat(plays()).hasSize((int) summary.playsPublished());
        }
    }

    @Test
    void commandReplaysTheRealLastFm1kSample() throws Exception {
        Path file = SharedData.lastfm1kSample();
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ReplayCommand());
        cli.setOut(new PrintWriter(out));
        int code = cli.execute("--data", file.toString(), "--limit", "1000", "--no-progress",
                "--bootstrap", kafka.bootstrapServers());

        assertThat(code).as(out.toString()).isZero();
        assertThat(out.toString()).contains("plays published:     1000 of 1000").contains("rejected input lines: 0");

        List<Instant> earliest = new DatasetReader().read(file).plays().stream().map(PlayRow::playedAt)
                .sorted().limit(1000).toList();
        List<ConsumerRecord<byte[], byte[]>> records = plays();
        List<Instant> published = records.stream()
                .map(r -> Topics.PLAYS.valueSerde().decode(r.value()).playedAt()).sorted(Comparator.naturalOrder())
                .toList();
        assertThat(published).isEqualTo(earliest);
        assertThat(records).allSatisfy(r -> {
            PlayEvent p = Topics.PLAYS.valueSerde().decode(r.value());
            assertThat(p.source()).isEqualTo("lastfm-1k");
            assertThat(new String(r.key(), StandardCharsets.UTF_8)).isEqualTo(p.userId()).startsWith("user_00000");
        });
        assertThat(tags()).isEmpty();
    }
}
