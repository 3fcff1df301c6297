package io.tastestream.taste.job;

import static io.tastestream.taste.testing.TestEvents.T0;
import static io.tastestream.taste.testing.TestEvents.artistTags;
import static io.tastestream.taste.testing.TestEvents.raw;
import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.TasteJobMain;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.testing.CollectingSink;
import io.tastestream.taste.testing.RecordsSource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.runtime.testutils.MiniClusterResourceConfiguration;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.test.junit5.MiniClusterExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * A few thousand records, about one in ten bad in one of several ways, through the whole job (RocksDB, checkpoints,
 * parallelism 2): every bad record is on the dead-letter output with its reason and its topic, partition, offset,
 * key and value; every good one is in its user's taste (exact event counts and artists), and the job runs to the
 * end of its input rather than failing on the first bad record.
 */
class DeadLetterMixTest {
    @RegisterExtension
    static final MiniClusterExtension FLINK = new MiniClusterExtension(new MiniClusterResourceConfiguration.Builder()
            .setNumberTaskManagers(1).setNumberSlotsPerTaskManager(2).build());

    private static final int RECORDS = 3_000;
    private static final int USERS = 40;
    private static final int ARTISTS = 25;

    @TempDir
    Path dataDir;

    /** A kind of bad record: how to spell it, and what its dead letter's reason must say. */
    private record Bad(String topic, String value, String reasonStart, String reasonContains) {}

    private static final String AT = "\"2024-05-01T12:00:00Z\"";
    private static final List<Bad> BAD_KINDS = List.of(
            new Bad(Topics.PLAYS.name(), "not json {", "PlayEvent: not valid JSON", ""),
            new Bad(Topics.PLAYS.name(), "[1,2]", "PlayEvent: ", "from Array value"),
            new Bad(Topics.PLAYS.name(), "{\"userId\":\"u\",\"artist\":\"A\"}", "PlayEvent: field 'track'",
                    "must not be blank"),
            new Bad(Topics.PLAYS.name(), "{\"userId\":\"u\",\"artist\":\"A\",\"track\":\"t\",\"playedAt\":\"yesterday\"}",
                    "PlayEvent: field 'playedAt'", "yesterday"),
            new Bad(Topics.PLAYS.name(), "{\"schemaVersion\":99,\"userId\":\"u\",\"artist\":\"A\",\"track\":\"t\","
                    + "\"playedAt\":" + AT + "}", "PlayEvent: field 'schemaVersion'", "version 99 is not supported"),
            new Bad(Topics.PLAYS.name(), null, "PlayEvent: empty value", ""),
            new Bad(Topics.PLAYS.name(), "null", "PlayEvent: value is JSON null", ""),
            new Bad(Topics.FEEDBACK.name(), "{\"userId\":\"u\",\"type\":\"LOVE\",\"item\":{\"artist\":\"A\"},\"at\":"
                    + AT + "}", "FeedbackEvent: field 'type'", "LOVE"),
            new Bad(Topics.FEEDBACK.name(), "{\"userId\":\"u\",\"type\":\"LIKE\",\"at\":" + AT + "}",
                    "FeedbackEvent: field 'item'", "is required"),
            new Bad(Topics.ITEM_TAGS.name(), "{\"item\":{\"artist\":\"A\"},\"tags\":[{\"tag\":\"rock\",\"weight\":-1}],"
                    + "\"at\":" + AT + "}", "ItemTagsEvent: field 'weight'", "must not be negative"));

    @Test
    void everyBadRecordIsDeadLetteredWithReasonAndCoordinatesAndEveryGoodOneCounts() throws Exception {
        Random random = new Random(11);
        List<RawRecord> input = new ArrayList<>();
        Map<Long, Bad> badByOffset = new HashMap<>();
        Map<String, Integer> goodEventsPerUser = new HashMap<>();
        Map<String, Set<String>> artistsPerUser = new HashMap<>();
        long offset = 0;
        for (int a = 0; a < ARTISTS; a++) {
            input.add(raw(artistTags("Artist " + a, "tag " + a, 1), offset++));
        }
        while (input.size() < RECORDS) {
            long at = offset;
            if (random.nextInt(10) == 0) {
                Bad bad = BAD_KINDS.get(random.nextInt(BAD_KINDS.size()));
                byte[] value = bad.value() == null ? null : bad.value().getBytes(StandardCharsets.UTF_8);
                input.add(new RawRecord(bad.topic(), (int) (at % 3), at, utf8("bad-" + at), value, 0L));
                badByOffset.put(at, bad);
            } else {
                String user = "user-" + random.nextInt(USERS);
                String artist = "Artist " + random.nextInt(ARTISTS);
                if (random.nextInt(10) == 0) {
                    input.add(raw(FeedbackEvent.of(user, FeedbackType.LIKE, ItemRef.artist(artist),
                            T0.plusSeconds(at), "test"), at));
                } else {
                    input.add(raw(PlayEvent.of(user, artist, "track " + at, null, T0.plusSeconds(at), 0, "test"), at));
                }
                goodEventsPerUser.merge(user, 1, Integer::sum);
                artistsPerUser.computeIfAbsent(user, u -> new HashSet<>()).add(artist);
            }
            offset++;
        }
        assertThat(badByOffset.values().stream().map(Bad::value).distinct()).as("every kind of bad record")
                .hasSize(BAD_KINDS.size());

        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT0.5S");
        StreamExecutionEnvironment env =
                StreamExecutionEnvironment.getExecutionEnvironment(TasteJobMain.flinkConfiguration(config));
        env.setParallelism(2);
        CollectingSink<TasteSnapshot> taste = new CollectingSink<>();
        CollectingSink<DeadLetter> deadLetters = new CollectingSink<>();
        // one source task, so records keep their order (tags before the plays they enrich)
        TasteJob.build(env, RecordsSource.of(env, input, TypeInformation.of(RawRecord.class), 0, 1), taste,
                deadLetters, TasteJobOptions.from(config));
        env.execute(TasteJob.JOB_NAME); // finishing at all is "the job keeps running": a bad record would fail it

        Map<Long, DeadLetter> letters = deadLetters.values().stream()
                .collect(Collectors.toMap(DeadLetter::offset, Function.identity()));
        assertThat(deadLetters.values()).as("one dead letter per bad record").hasSize(badByOffset.size());
        assertThat(letters.keySet()).isEqualTo(badByOffset.keySet());
        for (Map.Entry<Long, DeadLetter> e : letters.entrySet()) {
            long at = e.getKey();
            Bad bad = badByOffset.get(at);
            DeadLetter letter = e.getValue();
            assertThat(letter.sourceTopic()).as("topic of %d", at).isEqualTo(bad.topic());
            assertThat(letter.partition()).as("partition of %d", at).isEqualTo((int) (at % 3));
            assertThat(letter.key()).isEqualTo("bad-" + at);
            assertThat(letter.value()).isEqualTo(bad.value());
            assertThat(letter.stage()).isEqualTo("taste-job");
            assertThat(letter.reason()).as("reason for %s", bad.value()).startsWith(bad.reasonStart())
                    .contains(bad.reasonContains());
        }

        Map<String, TasteSnapshot> latest = new HashMap<>();
        for (TasteSnapshot s : taste.values()) {
            latest.merge(s.userId(), s, (x, y) -> x.eventsApplied() >= y.eventsApplied() ? x : y);
        }
        assertThat(latest.keySet()).as("users with good events, and no one else").isEqualTo(goodEventsPerUser.keySet());
        for (Map.Entry<String, TasteSnapshot> e : latest.entrySet()) {
            String user = e.getKey();
            assertThat(e.getValue().eventsApplied()).as("events of %s", user)
                    .isEqualTo(goodEventsPerUser.get(user).longValue());
            assertThat(e.getValue().topArtists()).extracting(Weighted::name).as("artists of %s", user)
                    .containsExactlyInAnyOrderElementsOf(artistsPerUser.get(user));
        }
        taste.clear();
        deadLetters.clear();
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
