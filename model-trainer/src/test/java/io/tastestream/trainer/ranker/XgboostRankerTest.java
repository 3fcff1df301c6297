package io.tastestream.trainer.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.progress.Progress;
import io.tastestream.core.ranker.RankerArtifact;
import io.tastestream.core.ranker.ScenesData;
import io.tastestream.core.ranker.XgboostRanker;
import io.tastestream.core.recommend.Ranker;
import io.tastestream.core.recommend.CandidateGenerators;
import io.tastestream.core.recommend.Recommender;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.evaluate.Protocol;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.Splitter;
import io.tastestream.trainer.evaluate.TastestreamModel;
import java.io.StringWriter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** train → artifact → load → rank and explain, on {@link ScenesData}. One training shared by the checks. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class XgboostRankerTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2011-05-01T00:00:00Z"), ZoneOffset.UTC);
    static final TasteSettings S = TasteSettings.defaults();
    static final RankerTrainer.Params FAST = new RankerTrainer.Params(60, 10, 0.3, 4, 1, 1.0, 1.0, 42, 1);

    @TempDir
    static Path tmp;
    Dataset dataset;
    Split all;
    RankerTrainer.Trained trained;
    XgboostRanker loaded;
    Path versionDir;

    @BeforeAll
    void trainAndReload() throws Exception {
        dataset = HetRecReader.read(List.of(ScenesData.write(tmp.resolve("data"))), Progress.NONE);
        all = Splitter.split(dataset, Protocol.RANDOM, null, Set.of());
        trained = RankerTrainer.train(all, S, CLOCK, FAST);
        versionDir = RankerArtifact.write(tmp.resolve("ranker"), trained.ranker(), trained.metrics());
        loaded = (XgboostRanker) RankerArtifact.load(tmp.resolve("ranker"));
    }

    @Test
    void artifactRecordsVersionSchemaAndMetricsAndLoadsTheSameModel() throws Exception {
        assertThat(Files.readString(tmp.resolve("ranker/CURRENT")).trim()).isEqualTo(trained.ranker().version());
        assertThat(versionDir.resolve("model.ubj")).isRegularFile();
        JsonNode metrics = new ObjectMapper().readTree(versionDir.resolve("metrics.json").toFile());
        assertThat(metrics.path("trainUsers").asInt()).isPositive();
        assertThat(metrics.path("validationUsers").asInt()).isPositive();
        assertThat(metrics.path("params").path("objective").asText()).isEqualTo("rank:ndcg");
        assertThat(loaded.version()).isEqualTo(trained.ranker().version()).startsWith("xgb-20110501T000000-");
        assertThat(loaded.schema()).isEqualTo(RankerTrainer.SCHEMA);
        assertThat(loaded.treeLimit()).isEqualTo(trained.ranker().treeLimit());

        double[][] rows = rowsFor(1000);
        assertThat(loaded.score(rows)).containsExactly(trained.ranker().score(rows), within(1e-6));
    }

    @Test
    void contributionsAddUpToTheModelsMargin() throws Exception {
        double[][] rows = rowsFor(1031);
        ml.dmlc.xgboost4j.java.DMatrix m = XgboostRanker.matrix(rows, RankerTrainer.SCHEMA.size());
        float[][] raw = loaded.booster().predict(m, true, loaded.treeLimit());
        m.dispose();
        double[] margins = java.util.Arrays.stream(raw).mapToDouble(r -> r[0]).toArray();
        double[][] contributions = loaded.contributions(rows);
        double[] scores = loaded.score(rows);
        assertThat(rows.length).isGreaterThan(5);
        for (int i = 0; i < rows.length; i++) {
            assertThat(contributions[i]).hasSize(RankerTrainer.SCHEMA.size() + 1);
            double sum = 0;
            for (double c : contributions[i]) {
                sum += c;
            }
            assertThat(sum).isCloseTo(margins[i], within(1e-4));
            assertThat(scores[i]).isCloseTo(margins[i], within(1e-6));
        }
    }

    @Test
    void ranksTheUsersSceneFirstWithReasonsNamingTheirOwnTasteAndTheModelVersion() {
        TastestreamModel model = new TastestreamModel("t", all, loaded, FeatureSet.SERVING, S, CLOCK);
        // as serving builds it: the trained ranker's pool from core
        Recommender recommender = new Recommender(model.catalog(), loaded, 5, CandidateGenerators.forRanker(loaded));
        for (int user : new int[] {1000, 1045, 1070}) {
            TasteSnapshot taste = model.taste(user);
            Recommendations recs = recommender.recommend(taste, taste.asOf());
            assertThat(recs.modelVersion()).endsWith("/" + loaded.version());
            assertThat(recs.items()).isNotEmpty();
            String scene = ScenesData.SCENES[ScenesData.sceneOfUser(user)];
            List<String> own = taste.topArtists().stream().map(Weighted::name).toList();
            List<String> ownTags = taste.topTags().stream().map(Weighted::name).toList();
            RecommendedItem top = recs.items().get(0);
            assertThat(top.artist()).as("user %d's top pick", user).isIn(sceneArtists(scene));
            for (RecommendedItem item : recs.items()) {
                if (own.contains(item.artist())) {
                    // a toy user's pool is small: an artist they already play can be shown; it is nobody's
                    // neighbour of itself, so its reason cannot name their taste
                    continue;
                }
                assertThat(item.reason()).as("reason for %s", item.artist())
                        .satisfiesAnyOf(r -> assertThat(own.stream().anyMatch(r::contains)).isTrue(),
                                r -> assertThat(ownTags.stream().anyMatch(r::contains)).isTrue(),
                                r -> assertThat(r).contains("friend"));
            }
        }
    }

    @Test
    void trainCommandWritesAVersionedArtifact() throws Exception {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TrainCommand()).setOut(new PrintWriter(out));
        int code = cli.execute("--data", tmp.resolve("data").toString(), "--out", tmp.resolve("cmd").toString(),
                "--max-rounds", "20");
        assertThat(code).as(out.toString()).isZero();
        Ranker r = RankerArtifact.load(tmp.resolve("cmd"));
        assertThat(out.toString()).contains("trained ranker " + r.version());
        assertThat(tmp.resolve("cmd").resolve(r.version()).resolve("features.json")).isRegularFile();
        assertThat(new CommandLine(new TrainCommand()).setErr(new PrintWriter(new StringWriter()))
                .execute("--data", tmp.resolve("missing").toString(), "--out", tmp.resolve("x").toString()))
                .isNotZero();
    }

    private List<String> sceneArtists(String scene) {
        int s = List.of(ScenesData.SCENES).indexOf(scene);
        return java.util.stream.IntStream.range(0, ScenesData.ARTISTS_PER_SCENE)
                .mapToObj(i -> ScenesData.artistName(s, i)).toList();
    }

    private double[][] rowsFor(int userId) {
        Split inner = InnerSplit.of(all);
        TastestreamModel model = new TastestreamModel("t", inner, loaded, FeatureSet.SERVING, S, CLOCK);
        Split.EvalUser user = inner.users().stream().filter(u -> u.userId() == userId).findFirst().orElseThrow();
        return model.candidates(user).stream().map(c -> RankerTrainer.SCHEMA.vector(c.candidate()))
                .toArray(double[][]::new);
    }
}
