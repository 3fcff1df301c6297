package io.tastestream.serving.topology;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.recommend.Recommender;
import io.tastestream.core.topic.Topics;
import io.tastestream.serving.fixtures.Snapshots;
import io.tastestream.serving.fixtures.TwoScenesCatalog;
import io.tastestream.serving.metrics.ServingCounters;
import io.tastestream.serving.recommend.SwappableRecommender;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ServingTopologyTest {
    private static final Instant WALL_CLOCK = Instant.parse("2026-11-25T09:00:00Z");

    @TempDir
    Path stateDir;

    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final SwappableRecommender recommender =
            SwappableRecommender.of(new Recommender(TwoScenesCatalog.catalog(), 10));
    private TopologyTestDriver driver;
    private TestInputTopic<byte[], byte[]> taste;
    private TestOutputTopic<String, byte[]> recommendations;
    private TestOutputTopic<String, byte[]> deadLetters;

    @BeforeEach
    void start() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "serving-topology-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(ServingTopology.build(recommender, ServingCounters.register(registry)), props,
                WALL_CLOCK);
        taste = driver.createInputTopic(Topics.TASTE.name(), new ByteArraySerializer(), new ByteArraySerializer());
        recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(), new StringDeserializer(),
                new ByteArrayDeserializer());
        deadLetters = driver.createOutputTopic(Topics.DEAD_LETTERS.name(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    @Test
    void snapshotBecomesRecommendationsKeyedByUserExplainedByTheirOwnTaste() {
        send("alice", Snapshots.postRockFan("alice"));

        TestRecord<String, byte[]> out = recommendations.readRecord();
        Recommendations recs = Recommendations.SERDE.decode(out.value());
        assertThat(out.key()).isEqualTo("alice");
        assertThat(recs.userId()).isEqualTo("alice");
        assertThat(recs.generatedAt()).isEqualTo(WALL_CLOCK);
        assertThat(recs.basedOn()).isEqualTo(Snapshots.T0);
        assertThat(recs.modelVersion()).startsWith(TwoScenesCatalog.VERSION);
        assertThat(recs.trigger().kind()).isEqualTo(Trigger.Kind.PLAY);
        assertThat(recs.items()).isNotEmpty();
        // a post-rock listener gets post-rock, for reasons in terms of what they play
        assertThat(keys(recs)).isSubsetOf(TwoScenesCatalog.postRockKeys());
        assertThat(recs.items()).allSatisfy(item -> assertThat(item.reason())
                .containsAnyOf("Mogwai", "Explosions in the Sky", "post-rock", "ambient"));
        assertThat(recs.items()).extracting(RecommendedItem::rank)
                .containsExactlyElementsOf(java.util.stream.IntStream.rangeClosed(1, recs.items().size()).boxed()
                        .toList());
        assertThat(deadLetters.isEmpty()).isTrue();
        assertThat(registry.get("tastestream.recommendations.emitted").counter().count()).isEqualTo(1);
    }

    @Test
    void justPlayedSkippedAndBannedArtistsAreNotRecommended() {
        TasteSnapshot base = Snapshots.postRockFan("bob");
        TasteSnapshot withFeedback = new TasteSnapshot(base.schemaVersion(), base.userId(), base.asOf(),
                base.halfLifeHours(), base.topTags(), base.topArtists(), base.recentPlays(), List.of(),
                List.of(Names.key("Sigur Rós")), List.of(Names.key("Godspeed You! Black Emperor")), base.trigger(),
                base.eventsApplied());
        // without the feedback, both would be recommended: the exclusion below is the feedback's doing
        send("bob", base);
        assertThat(keys(Recommendations.SERDE.decode(recommendations.readValue())))
                .contains(Names.key("Sigur Rós"), Names.key("Godspeed You! Black Emperor"));

        send("bob", withFeedback);

        Set<String> recommended = keys(Recommendations.SERDE.decode(recommendations.readValue()));
        assertThat(recommended).isNotEmpty()
                .doesNotContain(Names.key("Mogwai"), Names.key("Sigur Rós"),
                        Names.key("Godspeed You! Black Emperor"));
    }

    @Test
    void aSnapshotAfterALikeChangesTheRecommendations() {
        send("alice", Snapshots.postRockFan("alice"));
        Recommendations before = Recommendations.SERDE.decode(recommendations.readValue());
        assertThat(keys(before)).doesNotContainAnyElementsOf(TwoScenesCatalog.hipHopKeys());

        send("alice", Snapshots.postRockFanWhoLikedNas("alice"));

        Recommendations after = Recommendations.SERDE.decode(recommendations.readValue());
        assertThat(after.trigger().kind()).isEqualTo(Trigger.Kind.LIKE);
        assertThat(after.items()).isNotEqualTo(before.items());
        assertThat(keys(after)).doesNotContain("nas")
                .containsAnyElementsOf(TwoScenesCatalog.hipHopKeys());
        assertThat(after.items()).filteredOn(item -> TwoScenesCatalog.hipHopKeys().contains(Names.key(item.artist())))
                .allSatisfy(item -> assertThat(item.reason()).contains("because you liked Nas"));
    }

    @Test
    void unreadableAndInvalidSnapshotsAreDeadLetteredAndTheNextOneIsStillServed() {
        taste.pipeInput(bytes("carol"), bytes("{not json"));
        String blankUserId = TasteSnapshot.SERDE.encodeToString(Snapshots.postRockFan("dave"))
                .replace("\"userId\":\"dave\"", "\"userId\":\"  \"");
        assertThat(blankUserId).contains("\"userId\":\"  \"");
        taste.pipeInput(bytes("dave"), bytes(blankUserId));
        send("erin", Snapshots.postRockFan("erin"));

        List<TestRecord<String, byte[]>> letters = deadLetters.readRecordsToList();
        assertThat(letters).hasSize(2);

        DeadLetter garbage = DeadLetter.SERDE.decode(letters.get(0).value());
        assertThat(letters.get(0).key()).isEqualTo("carol");
        assertThat(garbage.stage()).isEqualTo(ServingTopology.STAGE);
        assertThat(garbage.sourceTopic()).isEqualTo(Topics.TASTE.name());
        assertThat(garbage.partition()).isZero();
        assertThat(garbage.offset()).isZero();
        assertThat(garbage.value()).isEqualTo("{not json");
        assertThat(garbage.reason()).startsWith("TasteSnapshot: not valid JSON");
        assertThat(garbage.at()).isEqualTo(WALL_CLOCK);
        assertThat(reasonHeader(letters.get(0))).isEqualTo(garbage.reason());

        DeadLetter blankUser = DeadLetter.SERDE.decode(letters.get(1).value());
        assertThat(blankUser.offset()).isEqualTo(1);
        assertThat(blankUser.reason()).contains("userId").contains("must not be blank");
        assertThat(reasonHeader(letters.get(1))).isEqualTo(blankUser.reason());

        TestRecord<String, byte[]> served = recommendations.readRecord();
        assertThat(served.key()).isEqualTo("erin");
        assertThat(recommendations.isEmpty()).isTrue();
        assertThat(registry.get("tastestream.dead.letters").counter().count()).isEqualTo(2);
    }

    @Test
    void aSnapshotUnderAnotherUsersKeyIsDeadLettered() {
        send("mallory", Snapshots.postRockFan("alice"));

        DeadLetter letter = DeadLetter.SERDE.decode(deadLetters.readValue());
        assertThat(letter.reason()).contains("'mallory'").contains("'alice'");
        assertThat(recommendations.isEmpty()).isTrue();
        assertThat(store().get("alice")).isNull();
    }

    @Test
    void storeHoldsTheLatestRecommendationsPerUser() {
        send("alice", Snapshots.postRockFan("alice"));
        send("bob", Snapshots.postRockFan("bob"));
        send("alice", Snapshots.postRockFanWhoLikedNas("alice"));

        List<Recommendations> emitted = recommendations.readValuesToList().stream()
                .map(Recommendations.SERDE::decode).toList();
        KeyValueStore<String, Recommendations> store = store();
        List<String> users = new java.util.ArrayList<>();
        try (var all = store.all()) {
            all.forEachRemaining(kv -> users.add(kv.key));
        }
        assertThat(users).containsExactly("alice", "bob");
        assertThat(store.get("alice")).isEqualTo(emitted.get(2));
        assertThat(store.get("alice").trigger().kind()).isEqualTo(Trigger.Kind.LIKE);
        assertThat(store.get("bob")).isEqualTo(emitted.get(1));
    }

    @Test
    void aSwappedInCatalogIsUsedForTheNextSnapshotWithoutRestart() {
        send("alice", Snapshots.postRockFan("alice"));
        assertThat(Recommendations.SERDE.decode(recommendations.readValue()).items()).hasSizeGreaterThan(2);

        recommender.swap(new Recommender(TwoScenesCatalog.catalog(), 2));
        send("alice", Snapshots.postRockFan("alice"));

        assertThat(Recommendations.SERDE.decode(recommendations.readValue()).items()).hasSize(2);
    }

    private void send(String key, TasteSnapshot snapshot) {
        taste.pipeInput(bytes(key), TasteSnapshot.SERDE.encode(snapshot));
    }

    private KeyValueStore<String, Recommendations> store() {
        return driver.getKeyValueStore(ServingTopology.LATEST_RECOMMENDATIONS_STORE);
    }

    private static Set<String> keys(Recommendations recs) {
        return recs.items().stream().map(item -> Names.key(item.artist()))
                .collect(java.util.stream.Collectors.toSet());
    }

    private static String reasonHeader(TestRecord<String, byte[]> record) {
        Header header = record.headers().lastHeader(DeadLetter.REASON_HEADER);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
