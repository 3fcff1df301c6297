package io.tastestream.trainer.ranker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.progress.Progress;
import io.tastestream.core.ranker.RankerArtifact;
import io.tastestream.core.ranker.ScenesData;
import io.tastestream.core.ranker.XgboostRanker;
import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.evaluate.Protocol;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.Splitter;
import io.tastestream.trainer.evaluate.TastestreamModel;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import ml.dmlc.xgboost4j.java.DMatrix;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * An XGBoost model boosted from the fitted blend ({@link RankerTrainer.Params#blendBase()}): its margin is the
 * blend's score plus its trees, in training, after the artifact round trip and in its contributions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BoostedFromBlendTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2011-05-01T00:00:00Z"), ZoneOffset.UTC);
    static final double SCALE = 3;

    @TempDir
    static Path tmp;
    Split all;
    RankerTrainer.Trained trained;
    Path versionDir;
    XgboostRanker loaded;

    @BeforeAll
    void trainAndReload() throws Exception {
        all = Splitter.split(HetRecReader.read(List.of(ScenesData.write(tmp.resolve("data"))), Progress.NONE),
                Protocol.RANDOM, null, Set.of());
        trained = RankerTrainer.train(all, TasteSettings.defaults(), CLOCK,
                XgboostRankerTest.FAST.withBlendBase(SCALE));
        versionDir = RankerArtifact.write(tmp.resolve("ranker"), trained.ranker(), trained.metrics());
        loaded = (XgboostRanker) RankerArtifact.load(tmp.resolve("ranker"));
    }

    @Test
    void theArtifactRecordsTheBaseBlendAsTrainingScaledItAndLoadsIt() throws Exception {
        assertThat(trained.metrics()).containsEntry("xgboostBoostedFromBlend", SCALE);
        @SuppressWarnings("unchecked")
        Map<String, Double> fitted = (Map<String, Double>) trained.metrics().get("blendWeights");
        JsonNode base = new ObjectMapper().readTree(versionDir.resolve(RankerArtifact.MANIFEST).toFile())
                .path("base");
        assertThat(base.path("featureSchema").asText()).isEqualTo("blend-v1");
        List<String> names = new java.util.ArrayList<>();
        base.path("names").forEach(n -> names.add(n.asText()));
        assertThat(names).isEqualTo(RankerTrainer.BLEND_FEATURES);
        for (int j = 0; j < names.size(); j++) {
            assertThat(base.path("weights").get(j).asDouble()).as(names.get(j))
                    .isCloseTo(SCALE * fitted.get(names.get(j)), within(1e-12));
        }
        LinearRanker loadedBase = loaded.base();
        assertThat(loadedBase).isNotNull();
        assertThat(loadedBase.schema().names()).isEqualTo(RankerTrainer.BLEND_FEATURES);
        assertThat(loadedBase.weights()).containsExactly(trained.ranker().base().weights());
        double[][] rows = rowsFor(1000);
        assertThat(loaded.score(rows)).containsExactly(trained.ranker().score(rows), within(1e-6));
    }

    /**
     * Without the base margin the booster scores its trees alone (from XGBoost's global bias): the ranker's score
     * must differ from that by exactly the blend's score plus one constant, or serving would rank by the
     * corrections without what they correct.
     */
    @Test
    void theScoreIsTheBlendPlusTheTrees() throws Exception {
        double[][] rows = rowsFor(1031);
        assertThat(rows.length).isGreaterThan(5);
        DMatrix m = XgboostRanker.matrix(rows, RankerTrainer.SCHEMA.size());
        float[][] trees = loaded.booster().predict(m, true, loaded.treeLimit());
        m.dispose();
        double[] blend = loaded.base().score(project(rows, loaded.base()));
        double[] scores = loaded.score(rows);
        double offset = scores[0] - blend[0] - trees[0][0];
        boolean blendVaries = false;
        for (int i = 0; i < rows.length; i++) {
            assertThat(scores[i] - blend[i] - trees[i][0]).as("row %d", i).isCloseTo(offset, within(1e-4));
            blendVaries |= Math.abs(blend[i] - blend[0]) > 1e-3;
        }
        assertThat(blendVaries).as("the blend tells these candidates apart").isTrue();
    }

    /** Contributions add up to the margin; the bias is the trees' own (one value), the blend's terms on features. */
    @Test
    void contributionsAddUpToTheMarginWithTheBlendsTermsOnItsFeatures() throws Exception {
        double[][] rows = rowsFor(1031);
        double[][] contributions = loaded.contributions(rows);
        double[] scores = loaded.score(rows);
        int bias = RankerTrainer.SCHEMA.size();
        for (int i = 0; i < rows.length; i++) {
            assertThat(contributions[i]).hasSize(RankerTrainer.SCHEMA.size() + 1);
            assertThat(java.util.Arrays.stream(contributions[i]).sum()).isCloseTo(scores[i], within(1e-4));
            assertThat(contributions[i][bias]).isCloseTo(contributions[0][bias], within(1e-5));
        }
    }

    @Test
    void aBaseReadingAFeatureTheModelLacksIsRefusedNamingTheManifest() throws Exception {
        Path copy = java.nio.file.Files.createDirectories(tmp.resolve("broken"));
        for (String f : List.of(RankerArtifact.MANIFEST, RankerArtifact.FEATURES, RankerArtifact.MODEL)) {
            java.nio.file.Files.copy(versionDir.resolve(f), copy.resolve(f));
        }
        Path manifest = copy.resolve(RankerArtifact.MANIFEST);
        ObjectMapper json = new ObjectMapper();
        ObjectNode m = (ObjectNode) json.readTree(manifest.toFile());
        ((com.fasterxml.jackson.databind.node.ArrayNode) m.path("base").path("names")).set(0,
                json.getNodeFactory().textNode("no_such_feature"));
        json.writeValue(manifest.toFile(), m);
        assertThatThrownBy(() -> RankerArtifact.loadDir(copy)).isInstanceOf(IOException.class)
                .hasMessageContaining(manifest.toString()).hasMessageContaining("no_such_feature");
    }

    private static double[][] project(double[][] rows, LinearRanker base) {
        int[] columns = RankerTrainer.SCHEMA.columnsOf(base.schema());
        double[][] out = new double[rows.length][columns.length];
        for (int i = 0; i < rows.length; i++) {
            for (int j = 0; j < columns.length; j++) {
                out[i][j] = rows[i][columns[j]];
            }
        }
        return out;
    }

    private double[][] rowsFor(int userId) {
        Split inner = InnerSplit.of(all);
        TastestreamModel model = new TastestreamModel("t", inner, loaded, FeatureSet.SERVING,
                TasteSettings.defaults(), CLOCK);
        Split.EvalUser user = inner.users().stream().filter(u -> u.userId() == userId).findFirst().orElseThrow();
        return model.candidates(user).stream().map(c -> RankerTrainer.SCHEMA.vector(c.candidate()))
                .toArray(double[][]::new);
    }
}
