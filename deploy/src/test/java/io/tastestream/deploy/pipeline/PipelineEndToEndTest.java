package io.tastestream.deploy.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.deploy.broker.LocalKafka;
import io.tastestream.deploy.demo.DemoSteps;
import io.tastestream.deploy.process.ChildProcess;
import io.tastestream.deploy.process.LocalStack;
import io.tastestream.deploy.process.ModuleClasspath;
import io.tastestream.deploy.process.Readiness;
import io.tastestream.deploy.topics.TopicSetup;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import java.util.function.Supplier;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole path as the demo runs it: a real KRaft broker, the Flink taste job (MiniCluster, RocksDB) and the Kafka
 * Streams serving app, each in its own JVM. Three users with clearly different tastes play music and get
 * recommendations explained by their own taste; a like and a skip change what the next recommendations are; a
 * malformed record is dead-lettered while the pipeline goes on.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class PipelineEndToEndTest {
    static final Duration PATIENCE = Duration.ofSeconds(120);
    static final Instant T0 = Instant.parse("2026-11-01T18:00:00Z");

    static final Map<String, List<String>> SCENES = Map.of(
            "post-rock", List.of("Mogwai", "Explosions in the Sky", "Godspeed You! Black Emperor", "Mono", "Caspian"),
            "hip hop", List.of("Nas", "Mobb Deep", "Wu-Tang Clan", "Gang Starr", "A Tribe Called Quest"),
            "jazz", List.of("Miles Davis", "John Coltrane", "Bill Evans", "Thelonious Monk", "Charles Mingus"));

    @TempDir
    static Path dir;

    LocalStack stack;
    LocalKafka kafka;
    KafkaProducer<byte[], byte[]> producer;
    final List<Recommendations> recommendations = new CopyOnWriteArrayList<>();
    final List<DeadLetter> deadLetters = new CopyOnWriteArrayList<>();
    Thread collector;
    volatile boolean collecting = true;
    int servingPort;
    Instant clock = T0;
    /** Each user's latest play, to know which recommendations reflect it. */
    final Map<String, Instant> lastPlay = new HashMap<>();

    @BeforeAll
    void startPipeline() throws Exception {
        stack = new LocalStack(ModuleClasspath.home(), dir, Duration.ofSeconds(10));
        kafka = stack.register(LocalKafka.start(dir.resolve("kafka"), 0));
        try (Admin admin = kafka.admin()) {
            new TopicSetup(admin, (short) 1).createAll();
        }
        Path catalogDir = dir.resolve("catalog");
        CatalogStore.write(threeScenes(), catalogDir);

        servingPort = freePort();
        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers())
                .with(TastestreamConfig.DATA_DIR, dir.toString())
                .with(TastestreamConfig.CATALOG_DIR, catalogDir.toString())
                .with(TastestreamConfig.SERVING_PORT, Integer.toString(servingPort))
                .with(TastestreamConfig.FLINK_DASHBOARD_PORT, Integer.toString(freePort()))
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT2S");
        Path configFile = dir.resolve("tastestream.properties");
        config.store(configFile);
        List<String> args = List.of("--config", configFile.toString());

        producer = new KafkaProducer<>(producerConfig());
        // tags first, as the tag poller would have written them long before these plays
        SCENES.forEach((tag, artists) -> artists.forEach(artist -> send(Topics.ITEM_TAGS, ItemRef.artist(artist).key(),
                ItemTagsEvent.of(ItemRef.artist(artist), List.of(new WeightedTag(tag, 100)), "test", T0))));
        producer.flush();

        int flinkPort = config.getInt(TastestreamConfig.FLINK_DASHBOARD_PORT);
        stack.startModule("taste-job", DemoSteps.TASTE_JOB_MODULE, DemoSteps.TASTE_JOB_MAIN, args,
                Readiness.httpOk(URI.create("http://localhost:" + flinkPort + "/overview")), PATIENCE);
        stack.startModule("serving", DemoSteps.SERVING_MODULE, DemoSteps.SERVING_MAIN, args,
                Readiness.httpOk(URI.create("http://localhost:" + servingPort + "/health")), PATIENCE);
        collector = new Thread(this::collect, "e2e-collector");
        collector.start();
    }

    @AfterAll
    void stopPipeline() throws Exception {
        collecting = false;
        if (collector != null) {
            collector.join(10_000);
        }
        if (producer != null) {
            producer.close();
        }
        if (stack != null) {
            stack.close();
            for (ChildProcess p : stack.processes()) {
                assertThat(p.isAlive()).as("%s stopped", p.name()).isFalse();
            }
        }
    }

    @Test
    @Order(1)
    void eachUserGetsRecommendationsExplainedByTheirOwnTaste() throws Exception {
        play("ana", "Mogwai", "Mogwai", "Explosions in the Sky");
        play("ben", "Nas", "Nas", "Mobb Deep");
        play("cy", "Miles Davis", "John Coltrane", "Miles Davis");
        producer.flush();

        Map<String, String> scene = Map.of("ana", "post-rock", "ben", "hip hop", "cy", "jazz");
        for (var user : scene.entrySet()) {
            Recommendations recs = await("recommendations for " + user.getKey() + " after their 3 plays",
                    () -> latest(user.getKey(), r -> r.trigger() != null && r.trigger().kind() == Trigger.Kind.PLAY
                            && r.basedOn().equals(lastPlay.get(user.getKey()))));
            List<String> own = SCENES.get(user.getValue());
            assertThat(recs.items()).as("%s's recommendations", user.getKey()).isNotEmpty();
            assertThat(recs.items()).extracting(RecommendedItem::artist).as("%s's recommendations", user.getKey())
                    .allMatch(own::contains);
            // the reason speaks of this user's own taste: an artist they play or their scene's tag
            List<String> ownTaste = new ArrayList<>(own);
            ownTaste.add(user.getValue());
            assertThat(recs.items()).extracting(RecommendedItem::reason).as("reasons for %s", user.getKey())
                    .allMatch(reason -> ownTaste.stream().anyMatch(reason::contains));
            // the user's own plays are not recommended back to them
            assertThat(recs.items()).extracting(RecommendedItem::artist)
                    .doesNotContain("Mogwai", "Explosions in the Sky", "Nas", "Mobb Deep", "Miles Davis",
                            "John Coltrane");
        }
        // and REST serves the same latest recommendations
        HttpResponse<String> rest = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + servingPort + "/users/ben/recommendations")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(rest.statusCode()).isEqualTo(200);
        assertThat(Recommendations.SERDE.decode(rest.body()).userId()).isEqualTo("ben");
    }

    @Test
    @Order(2)
    void aSkipAndALikeChangeTheNextRecommendations() throws Exception {
        Recommendations before = await("ana's current recommendations",
                () -> latest("ana", r -> r.trigger() != null && r.trigger().kind() == Trigger.Kind.PLAY));
        String top = before.items().get(0).artist();

        Instant skipAt = tick();
        send(Topics.FEEDBACK, "ana", FeedbackEvent.of("ana", FeedbackType.SKIP, ItemRef.artist(top), skipAt, "test"));
        producer.flush();
        Recommendations afterSkip = await("ana's recommendations after skipping " + top,
                () -> latest("ana", r -> r.trigger() != null && r.trigger().kind() == Trigger.Kind.SKIP));
        assertThat(afterSkip.items()).extracting(RecommendedItem::artist).doesNotContain(top);
        assertThat(afterSkip.trigger().item().artist()).isEqualTo(top);

        Instant likeAt = tick();
        send(Topics.FEEDBACK, "ana", FeedbackEvent.of("ana", FeedbackType.LIKE, ItemRef.artist("Nas"), likeAt, "test"));
        producer.flush();
        Recommendations afterLike = await("ana's recommendations after liking Nas",
                () -> latest("ana", r -> r.trigger() != null && r.trigger().kind() == Trigger.Kind.LIKE));
        assertThat(afterLike.items()).extracting(RecommendedItem::artist)
                .as("a like of Nas brings hip hop into a post-rock listener's recommendations")
                .containsAnyElementsOf(SCENES.get("hip hop"));
        assertThat(afterLike.items()).extracting(RecommendedItem::reason).anyMatch(r -> r.contains("you liked Nas"));
    }

    @Test
    @Order(3)
    void aMalformedRecordIsDeadLetteredAndThePipelineGoesOn() throws Exception {
        producer.send(new ProducerRecord<>(Topics.PLAYS.name(), "ben".getBytes(StandardCharsets.UTF_8),
                "{\"userId\":\"ben\",\"artist\":\"Nas\"}".getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(Topics.PLAYS.name(), "ben".getBytes(StandardCharsets.UTF_8),
                "not json at all".getBytes(StandardCharsets.UTF_8)));
        play("ben", "Gang Starr");
        producer.flush();

        DeadLetter missingTrack = await("a dead letter for the play without a track",
                () -> deadLetters.stream().filter(d -> d.reason().contains("track")).findFirst().orElse(null));
        assertThat(missingTrack.sourceTopic()).isEqualTo(Topics.PLAYS.name());
        assertThat(missingTrack.reason()).contains("PlayEvent");
        await("a dead letter for the garbage", () -> deadLetters.stream()
                .filter(d -> d.value() != null && d.value().equals("not json at all")).findFirst().orElse(null));
        Recommendations after = await("ben's recommendations after the play behind the bad records",
                () -> latest("ben", r -> r.basedOn().equals(lastPlay.get("ben"))));
        assertThat(after.items()).extracting(RecommendedItem::artist).doesNotContain("Gang Starr");
    }

    // --- helpers -------------------------------------------------------------------------------------------------

    private static Catalog threeScenes() {
        List<CatalogArtist> artists = new ArrayList<>();
        Map<String, List<Neighbour>> neighbours = new HashMap<>();
        SCENES.forEach((tag, names) -> {
            for (int i = 0; i < names.size(); i++) {
                artists.add(CatalogArtist.of(names.get(i), 100 - 10L * i, List.of(new WeightedTag(tag, 100))));
                List<Neighbour> near = new ArrayList<>();
                for (int j = 0; j < names.size(); j++) {
                    if (j != i) {
                        near.add(new Neighbour(CatalogArtist.of(names.get(j), 0, List.of()).key(),
                                1.0 / (1 + Math.abs(i - j))));
                    }
                }
                neighbours.put(artists.get(artists.size() - 1).key(), near);
            }
        });
        return Catalog.of("e2e-catalog", artists, neighbours);
    }

    private void play(String user, String... artists) {
        for (String artist : artists) {
            Instant at = tick();
            send(Topics.PLAYS, user, PlayEvent.of(user, artist, "a track by " + artist, null, at, 200_000, "test"));
            lastPlay.put(user, at);
        }
    }

    private Instant tick() {
        clock = clock.plusSeconds(300);
        return clock;
    }

    private <V> void send(Topic<String, V> topic, String key, V value) {
        producer.send(new ProducerRecord<>(topic.name(), topic.keySerde().encode(key),
                topic.valueSerde().encode(value)));
    }

    private Recommendations latest(String user, Predicate<Recommendations> condition) {
        for (int i = recommendations.size() - 1; i >= 0; i--) {
            Recommendations r = recommendations.get(i);
            if (r.userId().equals(user)) {
                return condition.test(r) ? r : null;
            }
        }
        return null;
    }

    private static <T> T await(String what, Supplier<T> probe) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (System.nanoTime() < deadline) {
            T value = probe.get();
            if (value != null) {
                return value;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("gave up waiting for " + what + " after " + PATIENCE.toSeconds() + " s");
    }

    private void collect() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, "e2e-test");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        p.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p)) {
            consumer.subscribe(List.of(Topics.RECOMMENDATIONS.name(), Topics.DEAD_LETTERS.name()));
            while (collecting) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                    if (r.topic().equals(Topics.RECOMMENDATIONS.name())) {
                        recommendations.add(Recommendations.SERDE.decode(r.value()));
                    } else {
                        deadLetters.add(DeadLetter.SERDE.decode(r.value()));
                    }
                }
            }
        }
    }

    private Properties producerConfig() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }
}
