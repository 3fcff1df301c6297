package io.tastestream.trainer.ranker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tastestream.core.recommend.FeatureSchema;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The trained ranker on disk, one directory per version under a root:
 * <pre>
 * ROOT/CURRENT                     the version to load (written last, atomically)
 * ROOT/&lt;version&gt;/model.ubj        the XGBoost booster (UBJSON)
 * ROOT/&lt;version&gt;/features.json    the feature schema: {"version", "names": [...]} in column order
 * ROOT/&lt;version&gt;/manifest.json    {"format", "version", "treeLimit", "featureSchema"}
 * ROOT/&lt;version&gt;/metrics.json     training metrics (users, rows, best iteration, validation ndcg@10, params)
 * </pre>
 */
public final class RankerArtifact {
    public static final int FORMAT = 1;
    public static final String CURRENT = "CURRENT";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RankerArtifact() {}

    /** Writes the ranker as a new version under {@code root} and makes it current; returns its directory. */
    public static Path write(Path root, XgboostRanker ranker, Map<String, Object> metrics)
            throws IOException, XGBoostError {
        Path dir = root.resolve(ranker.version());
        Files.createDirectories(dir);
        ranker.booster().saveModel(dir.resolve("model.ubj").toString());
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("version", ranker.schema().version());
        schema.put("names", ranker.schema().names());
        JSON.writeValue(dir.resolve("features.json").toFile(), schema);
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("version", ranker.version());
        manifest.put("treeLimit", ranker.treeLimit());
        manifest.put("featureSchema", ranker.schema().version());
        JSON.writeValue(dir.resolve("manifest.json").toFile(), manifest);
        JSON.writeValue(dir.resolve("metrics.json").toFile(), metrics);
        Path tmp = root.resolve(CURRENT + ".tmp");
        Files.writeString(tmp, ranker.version() + "\n");
        Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return dir;
    }

    /** Loads the current version under {@code root}, or {@code root} itself when it is a version directory. */
    public static XgboostRanker load(Path root) throws IOException {
        Path dir = Files.exists(root.resolve(CURRENT))
                ? root.resolve(Files.readString(root.resolve(CURRENT)).trim()) : root;
        Path manifestFile = dir.resolve("manifest.json");
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(manifestFile + ": no ranker manifest (run `train` to write a ranker artifact)");
        }
        JsonNode manifest = JSON.readTree(manifestFile.toFile());
        if (manifest.path("format").asInt() != FORMAT) {
            throw new IOException(manifestFile + ": ranker format " + manifest.path("format") + ", this build reads "
                    + FORMAT);
        }
        JsonNode schemaJson = JSON.readTree(dir.resolve("features.json").toFile());
        List<String> names = new ArrayList<>();
        schemaJson.path("names").forEach(n -> names.add(n.asText()));
        FeatureSchema schema = new FeatureSchema(schemaJson.path("version").asText(), names);
        if (!schema.version().equals(manifest.path("featureSchema").asText())) {
            throw new IOException(dir + ": features.json is schema " + schema.version() + " but the manifest says "
                    + manifest.path("featureSchema").asText());
        }
        try {
            Booster booster = XGBoost.loadModel(dir.resolve("model.ubj").toString());
            return new XgboostRanker(booster, schema, manifest.path("version").asText(),
                    manifest.path("treeLimit").asInt());
        } catch (XGBoostError e) {
            throw new IOException(dir.resolve("model.ubj") + ": not a readable XGBoost model: " + e.getMessage(), e);
        }
    }
}
