package io.tastestream.serving.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.progress.Progress;
import io.tastestream.core.ranker.RankerArtifact;
import io.tastestream.core.ranker.ScenesData;
import io.tastestream.core.ranker.XgboostRanker;
import io.tastestream.core.recommend.Candidate;
import io.tastestream.core.recommend.Features;
import io.tastestream.core.recommend.Recommender;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.topic.Topics;
import io.tastestream.serving.metrics.ServingCounters;
import io.tastestream.serving.topology.ServingTopology;
import io.tastestream.trainer.catalog.CatalogBuilder;
import io.tastestream.trainer.evaluate.Protocol;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.Splitter;
import io.tastestream.trainer.ranker.FeatureSet;
import io.tastestream.trainer.ranker.RankerTrainer;
import io.tastestream.trainer.ranker.TrainCommand;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code train} → artifact → serving (TopologyTestDriver) on a small HetRec dataset, then new versions while it runs:
 * a second model is picked up without a restart, a truncated one and one with features serving cannot compute are
 * refused while the old one keeps serving, and a new catalog is picked up too. The steps build on each other, in
 * order; {@link SwappableRecommender#reload()} is called as serving's reload thread calls it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TrainedRankerServingTest {
    private static final Instant WALL_CLOCK = Instant.parse("2026-11-25T09:00:00Z");
    private static final Instant T0 = Instant.parse("2026-11-20T20:00:00Z");

    @TempDir
    static Path tmp;
    Path data;
    Path catalogRoot;
    Path rankerRoot;
    Catalog catalog;
    SwappableRecommender recommender;
    final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    TopologyTestDriver driver;
    TestInputTopic<byte[], byte[]> taste;
    TestOutputTopic<String, byte[]> recommendations;
    String firstVersion;
    String secondVersion;

    @BeforeAll
    void buildCatalogTrainAndServe() throws Exception {
        data = ScenesData.write(tmp.resolve("data"));
        catalogRoot = tmp.resolve("catalog");
        rankerRoot = tmp.resolve("models");
        catalog = CatalogBuilder.build(HetRecReader.read(List.of(data), Progress.NONE));
        CatalogStore.write(catalog, catalogRoot);
        firstVersion = train("1");

        recommender = SwappableRecommender.load(catalogRoot, rankerRoot, 5);
        recommender.bindTo(registry);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "trained-ranker-serving-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        props.put(StreamsConfig.STATE_DIR_CONFIG, tmp.resolve("state").toString());
        driver = new TopologyTestDriver(ServingTopology.build(recommender, ServingCounters.unexported()), props,
                WALL_CLOCK);
        taste = driver.createInputTopic(Topics.TASTE.name(), new ByteArraySerializer(), new ByteArraySerializer());
        recommendations = driver.createOutputTopic(Topics.RECOMMENDATIONS.name(), new StringDeserializer(),
                new ByteArrayDeserializer());
    }

    @AfterAll
    void close() {
        if (driver != null) {
            driver.close();
        }
    }

    @Test
    @Order(1)
    void servesTheTrainedModelNamingItsVersionWithContributionsAddingUpToTheScore() {
        Recommendations recs = recommend(postRockFan("p1"));
        assertThat(recs.modelVersion()).isEqualTo(catalog.version() + "/" + firstVersion);
        assertThat(recommender.get().ranker()).isInstanceOf(XgboostRanker.class);
        assertThat(recommender.versions().ranker()).isEqualTo(firstVersion);
        assertThat(recommender.versions().rankerFeatures()).containsExactlyElementsOf(Features.CORE);
        assertThat(recs.items()).hasSize(5);
        List<String> postRock = java.util.stream.IntStream.range(0, ScenesData.ARTISTS_PER_SCENE)
                .mapToObj(i -> ScenesData.artistName(0, i)).toList();
        assertThat(recs.items().get(0).artist()).isIn(postRock);

        // the explanation comes from the model's own per-feature contributions, which add up to the served score
        Recommender r = recommender.get();
        List<Candidate> candidates = r.candidates(postRockFan("p1"));
        for (RecommendedItem item : recs.items()) {
            Candidate c = candidates.stream().filter(x -> x.artist().name().equals(item.artist())).findFirst()
                    .orElseThrow();
            double[] contributions = r.ranker().contributions(new double[][] {r.ranker().schema().vector(c)})[0];
            assertThat(contributions).hasSize(Features.CORE.size() + 1);
            assertThat(Arrays.stream(contributions).sum()).as(item.artist()).isCloseTo(item.score(), within(1e-4));
            assertThat(item.reason()).containsAnyOf("Mogwai", "post-rock", "instrumental");
        }
    }

    @Test
    @Order(2)
    void aNewlyTrainedVersionServesTheNextRecommendationWithoutARestart() throws Exception {
        secondVersion = train("2");
        assertThat(secondVersion).isNotEqualTo(firstVersion);
        assertThat(recommend(postRockFan("p2")).modelVersion()).endsWith("/" + firstVersion); // not polled yet

        assertThat(recommender.reload()).isEqualTo(SwappableRecommender.Outcome.SWAPPED);

        assertThat(recommend(postRockFan("p2")).modelVersion()).isEqualTo(catalog.version() + "/" + secondVersion);
        assertThat(registry.get("tastestream.model.reloads").tag("artifact", "ranker").tag("result", "loaded")
                .counter().count()).isEqualTo(1);
        assertThat(recommender.reload()).isEqualTo(SwappableRecommender.Outcome.UNCHANGED);
    }

    @Test
    @Order(3)
    void aTruncatedModelIsRefusedAndTheOldVersionKeepsServing() throws Exception {
        Path broken = copyVersion(secondVersion, "xgb-truncated");
        byte[] model = Files.readAllBytes(broken.resolve(RankerArtifact.MODEL));
        Files.write(broken.resolve(RankerArtifact.MODEL), Arrays.copyOf(model, model.length / 2));
        RankerArtifact.makeCurrent(rankerRoot, "xgb-truncated");

        assertThat(recommender.reload()).isEqualTo(SwappableRecommender.Outcome.REFUSED);

        assertThat(recommend(postRockFan("p3")).modelVersion()).endsWith("/" + secondVersion);
        SwappableRecommender.Refusal refusal = recommender.versions().lastRefusal();
        assertThat(refusal.version()).isEqualTo("xgb-truncated");
        assertThat(refusal.reason()).contains(RankerArtifact.MODEL).contains("truncated");
        assertThat(registry.get("tastestream.model.reloads").tag("artifact", "ranker").tag("result", "refused")
                .counter().count()).isEqualTo(1);
        // reported once, not on every poll
        assertThat(recommender.reload()).isEqualTo(SwappableRecommender.Outcome.UNCHANGED);
        assertThat(registry.get("tastestream.model.reloads").tag("artifact", "ranker").tag("result", "refused")
                .counter().count()).isEqualTo(1);
    }

    @Test
    @Order(4)
    void aModelReadingFeaturesServingCannotComputeIsRefused() throws Exception {
        Dataset dataset = HetRecReader.read(List.of(data), Progress.NONE);
        Split all = Splitter.split(dataset, Protocol.RANDOM, null, Set.of());
        RankerTrainer.Trained offline = RankerTrainer.train(all, FeatureSet.OFFLINE_ONLY, TasteSettings.defaults(),
                Clock.fixed(Instant.parse("2011-05-01T00:00:00Z"), ZoneOffset.UTC),
                new RankerTrainer.Params(20, 5, 0.3, 4, 1, 1.0, 1.0, 42, 1));
        RankerArtifact.write(rankerRoot, (XgboostRanker) offline.ranker(), offline.metrics());

        assertThat(recommender.reload()).isEqualTo(SwappableRecommender.Outcome.REFUSED);

        assertThat(recommend(postRockFan("p4")).modelVersion()).endsWith("/" + secondVersion);
        assertThat(recommender.versions().lastRefusal().reason()).contains("cannot compute")
                .contains("friends_count").contains("itemknn");
    }

    @Test
    @Order(5)
    void aNewCatalogIsPickedUpWithTheRankerInPlace() throws Exception {
        RankerArtifact.makeCurrent(rankerRoot, secondVersion);
        Catalog next = CatalogBuilder.build(HetRecReader.read(List.of(data), Progress.NONE), 10);
        assertThat(next.version()).isNotEqualTo(catalog.version());
        CatalogStore.write(next, catalogRoot);

        assertThat(recommender.reload()).isEqualTo(SwappableRecommender.Outcome.SWAPPED);

        assertThat(recommend(postRockFan("p5")).modelVersion()).isEqualTo(next.version() + "/" + secondVersion);
    }

    @Test
    void withoutATrainedRankerTheLinearBlendServes() throws Exception {
        SwappableRecommender linear = SwappableRecommender.load(catalogRoot, tmp.resolve("no-models"), 5);
        assertThat(linear.get().version()).endsWith("/linear-v1");
        assertThat(linear.reload()).isEqualTo(SwappableRecommender.Outcome.UNCHANGED);
    }

    /**
     * Runs {@code train} as the CLI does; the seed makes each model (and so its version hash) different. These steps
     * swap XGBoost models, so the selection against the linear blend is off (--selection-margin -1): on this toy
     * data's 16 validation users a 20-round model's gain is within the noise and {@code train} would otherwise write
     * the blend.
     */
    private String train(String seed) throws Exception {
        StringWriter out = new StringWriter();
        int code = new CommandLine(new TrainCommand()).setOut(new PrintWriter(out)).execute("--data",
                data.toString(), "--out", rankerRoot.toString(), "--max-rounds", "20", "--seed", seed,
                "--selection-margin", "-1");
        assertThat(code).as(out.toString()).isZero();
        return RankerArtifact.currentVersion(rankerRoot).orElseThrow();
    }

    private Path copyVersion(String version, String as) throws Exception {
        Path from = rankerRoot.resolve(version);
        Path to = rankerRoot.resolve(as);
        Files.createDirectories(to);
        try (var files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
        return to;
    }

    private Recommendations recommend(TasteSnapshot snapshot) {
        taste.pipeInput(snapshot.userId().getBytes(java.nio.charset.StandardCharsets.UTF_8),
                TasteSnapshot.SERDE.encode(snapshot));
        return Recommendations.SERDE.decode(recommendations.readRecord().value());
    }

    /** A post-rock listener of the dataset's scene, who just played Mogwai. */
    private static TasteSnapshot postRockFan(String userId) {
        return new TasteSnapshot(TasteSnapshot.CURRENT_VERSION, userId, T0, 40,
                List.of(new Weighted("post-rock", 10), new Weighted("instrumental", 4)),
                List.of(new Weighted("Mogwai", 8), new Weighted(ScenesData.artistName(0, 1), 5),
                        new Weighted(ScenesData.artistName(0, 2), 3)),
                List.of(new RecentPlay("Mogwai", "Auto Rock", T0)),
                List.of(), List.of(), List.of(),
                new Trigger(Trigger.Kind.PLAY, new ItemRef("Mogwai", "Auto Rock"), T0), 12);
    }
}
