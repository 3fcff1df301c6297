package io.tastestream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import io.tastestream.core.ranker.ScenesData;
import io.tastestream.core.serde.Json;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class EvaluateCommandTest {
    @TempDir
    Path tmp;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = new CommandLine(new EvaluateCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));
        return cli.execute(args);
    }

    @Test
    void writesMetricsInTheContractShapeAndAReport() throws Exception {
        Path data = SmallData.random(tmp.resolve("data"));
        Path dir = tmp.resolve("out");

        assertThat(run("--data", data.toString(), "--protocol", "random", "--out", dir.toString())).isZero();

        JsonNode m = Json.mapper().readTree(dir.resolve("metrics.json").toFile());
        List<String> top = new ArrayList<>();
        m.fieldNames().forEachRemaining(top::add);
        assertThat(top).containsExactly("protocol", "items", "models");
        assertThat(m.get("protocol").asText()).isEqualTo("random");
        assertThat(m.get("items").asInt()).isEqualTo(9);
        List<String> models = new ArrayList<>();
        m.get("models").fieldNames().forEachRemaining(models::add);
        assertThat(models).containsExactly("popularity", "itemknn", "tag-profile-cosine", "ease", "tastestream-linear",
                "tastestream", "tastestream-xgboost");
        JsonNode pop = m.get("models").get("popularity");
        List<String> keys = new ArrayList<>();
        pop.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("recall@10", "recall@20", "recall@50", "ndcg@10", "ndcg@20", "ndcg@50",
                "users");
        // by hand (SmallData): user 10 gets [A1 (2), A7, A8, A50] → hit at 1; user 30 gets [A6 (2), A4 (1), …]
        // → hit at 2: NDCG = (1 + 1/log2 3) / 2
        assertThat(pop.get("users").asInt()).isEqualTo(2);
        assertThat(pop.get("recall@10").asDouble()).isCloseTo(1.0, within(1e-12));
        assertThat(pop.get("ndcg@10").asDouble()).isCloseTo((1 + Math.log(2) / Math.log(3)) / 2, within(1e-12));
        assertThat(dir.resolve("report.html")).content().contains("popularity", "tastestream", "recall.png",
                "ndcg.png");
        assertThat(Files.size(dir.resolve("recall.png"))).isPositive();
        assertThat(Files.size(dir.resolve("ndcg.png"))).isPositive();
        assertThat(out.toString()).contains("2 evaluated users");
    }

    @Test
    void tastestreamXgboostRanksWithTheTrainedXgboostModelWhateverTheSelectionChose() throws Exception {
        Path data = ScenesData.write(tmp.resolve("data"));
        Path dir = tmp.resolve("out");

        assertThat(run("--data", data.toString(), "--protocol", "random", "--models",
                "tastestream-linear,tastestream,tastestream-xgboost", "--out", dir.toString())).isZero();

        JsonNode models = Json.mapper().readTree(dir.resolve("metrics.json").toFile()).get("models");
        JsonNode selection = models.get("tastestream").get("ranker");
        JsonNode xgboost = models.get("tastestream-xgboost").get("ranker");
        assertThat(xgboost.get("ranksWith").asText()).isEqualTo("xgboost");
        assertThat(xgboost.get("selectedRanker").asText()).isEqualTo(selection.get("selectedRanker").asText());
        assertThat(selection.has("ranksWith")).isFalse();
        assertThat(xgboost.get("version").asText()).startsWith("xgb-");
        // the same training: the same inner validation figures, whichever ranker each model then uses
        assertThat(xgboost.get("validationNdcg@10Xgboost").asDouble())
                .isEqualTo(selection.get("validationNdcg@10Xgboost").asDouble());
        if (selection.get("selectedRanker").asText().equals("xgboost")) {
            assertThat(models.get("tastestream-xgboost").get("ndcg@10").asDouble())
                    .isEqualTo(models.get("tastestream").get("ndcg@10").asDouble());
        }
        assertThat(out.toString()).contains("this model ranks with xgboost regardless");
        // evaluate's ranker boosts from the fitted blend, as train does by default
        assertThat(xgboost.get("xgboostBoostedFromBlend").asDouble())
                .isEqualTo(io.tastestream.trainer.ranker.RankerTrainer.Params.DEFAULT_BLEND_BASE).isPositive();
        assertThat(out.toString()).contains("xgboost (boosted from the fitted blend ×"
                + io.tastestream.trainer.ranker.RankerTrainer.Params.DEFAULT_BLEND_BASE);
    }

    @Test
    void timeProtocolWithChosenModels() throws Exception {
        Path data = SmallData.time(tmp.resolve("data"));
        Path dir = tmp.resolve("out");

        assertThat(run("--data", data.toString(), "--protocol", "time", "--cutoff", "2010-07-01",
                "--models", "popularity,itemknn", "--out", dir.toString())).isZero();

        JsonNode m = Json.mapper().readTree(dir.resolve("metrics.json").toFile());
        assertThat(m.get("protocol").asText()).isEqualTo("time");
        assertThat(m.get("models").size()).isEqualTo(2);
        assertThat(m.get("models").get("itemknn").get("users").asInt()).isEqualTo(1);
    }

    @Test
    void refusesBadOptionsClearly() throws Exception {
        Path data = SmallData.random(tmp.resolve("data"));
        assertThat(run("--data", data.toString(), "--protocol", "sideways", "--out", tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown protocol 'sideways'");
        assertThat(run("--data", data.toString(), "--protocol", "random", "--models", "magic", "--out",
                tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown model 'magic'");
        assertThat(run("--data", data.toString(), "--protocol", "time", "--cutoff", "July", "--out",
                tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("--cutoff");
        assertThat(run("--data", tmp.resolve("nope").toString(), "--protocol", "time", "--out",
                tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("no such directory");
        // a misspelt setting is named before any data is read
        assertThat(run("--data", data.toString(), "--protocol", "random", "--set", "taste.top-n=50", "--out",
                tmp.toString())).isEqualTo(2);
        assertThat(err.toString()).contains("unknown setting 'taste.top-n'", "taste.snapshot.top-n");
        assertThat(out.toString()).doesNotContain("evaluated users");
    }
}
