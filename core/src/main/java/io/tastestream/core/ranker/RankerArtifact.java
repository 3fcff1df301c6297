package io.tastestream.core.ranker;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.tastestream.core.recommend.FeatureSchema;
import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.recommend.Ranker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import ml.dmlc.xgboost4j.java.Booster;
import ml.dmlc.xgboost4j.java.XGBoost;
import ml.dmlc.xgboost4j.java.XGBoostError;

/**
 * The trained ranker on disk, one directory per version under a root; written by model-trainer's {@code train},
 * read by serving:
 * <pre>
 * ROOT/CURRENT                     the version to load (written last, atomically)
 * ROOT/&lt;version&gt;/model.ubj        the XGBoost booster (UBJSON)
 * ROOT/&lt;version&gt;/features.json    the feature schema: {"version", "names": [...]} in column order
 * ROOT/&lt;version&gt;/manifest.json    {"format", "version", "treeLimit", "featureSchema", "modelSha256", "modelBytes"}
 * ROOT/&lt;version&gt;/metrics.json     training metrics (users, rows, best iteration, validation ndcg@10, params)
 * </pre>
 * A manifest with {@code "kind": "linear"} and {@code "weights"} is a blend training fitted (weights in features.json's
 * order). A manifest with {@code "kind": "linear"} (no model.ubj) says training chose core's fixed {@link LinearRanker} blend
 * over its XGBoost model (which did not beat it on the validation users); it loads as that blend under the
 * artifact's version. No {@code kind} means {@code "xgboost"}; an XGBoost manifest with {@code "base": {"featureSchema",
 * "names", "weights"}} is a model boosted from that linear blend (see {@link XgboostRanker}).
 * Loading checks everything it can before a model is used: the manifest's format, that features.json is the schema
 * the manifest names, that model.ubj is byte for byte the file that was written (SHA-256: a truncated or half-copied
 * model is refused before XGBoost parses it), that the booster reads as many features as the schema names, and that
 * it scores.
 */
public final class RankerArtifact {
    public static final int FORMAT = 1;
    public static final String CURRENT = "CURRENT";
    public static final String MODEL = "model.ubj";
    public static final String FEATURES = "features.json";
    public static final String MANIFEST = "manifest.json";
    public static final String METRICS = "metrics.json";
    public static final String KIND_XGBOOST = "xgboost";
    public static final String KIND_LINEAR = "linear";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    private RankerArtifact() {}

    /**
     * Writes the ranker (an {@link XgboostRanker}, or a {@link LinearRanker} training chose instead) as a new version
     * under {@code root} and makes it current; returns its directory.
     */
    public static Path write(Path root, Ranker ranker, Map<String, Object> metrics) throws IOException, XGBoostError {
        if (ranker instanceof LinearRanker linear) {
            return writeLinear(root, linear, metrics);
        }
        if (!(ranker instanceof XgboostRanker xgb)) {
            throw new IllegalArgumentException("cannot write a " + ranker.getClass().getName() + " as an artifact");
        }
        return writeXgboost(root, xgb, metrics);
    }

    private static Path writeLinear(Path root, LinearRanker ranker, Map<String, Object> metrics) throws IOException {
        Path dir = root.resolve(ranker.version());
        Files.createDirectories(dir);
        writeSchema(dir, ranker.schema());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("kind", KIND_LINEAR);
        manifest.put("version", ranker.version());
        manifest.put("featureSchema", ranker.schema().version());
        if (!ranker.isBuiltIn()) {
            // a blend train fitted: its weights, in features.json's order
            manifest.put("weights", ranker.weights());
        }
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        JSON.writeValue(dir.resolve(METRICS).toFile(), metrics);
        makeCurrent(root, ranker.version());
        return dir;
    }

    private static void writeSchema(Path dir, FeatureSchema s) throws IOException {
        Map<String, Object> schema = new LinkedHashMap<>();
        schema.put("version", s.version());
        schema.put("names", s.names());
        JSON.writeValue(dir.resolve(FEATURES).toFile(), schema);
    }

    private static Path writeXgboost(Path root, XgboostRanker ranker, Map<String, Object> metrics)
            throws IOException, XGBoostError {
        Path dir = root.resolve(ranker.version());
        Files.createDirectories(dir);
        byte[] model = ranker.booster().toByteArray("ubj");
        Files.write(dir.resolve(MODEL), model);
        writeSchema(dir, ranker.schema());
        Map<String, Object> manifest = new LinkedHashMap<>();
        manifest.put("format", FORMAT);
        manifest.put("kind", KIND_XGBOOST);
        manifest.put("version", ranker.version());
        manifest.put("treeLimit", ranker.treeLimit());
        manifest.put("featureSchema", ranker.schema().version());
        manifest.put("modelSha256", sha256(model));
        manifest.put("modelBytes", model.length);
        if (ranker.base() != null) {
            Map<String, Object> base = new LinkedHashMap<>();
            base.put("featureSchema", ranker.base().schema().version());
            base.put("names", ranker.base().schema().names());
            base.put("weights", ranker.base().weights());
            manifest.put("base", base);
        }
        JSON.writeValue(dir.resolve(MANIFEST).toFile(), manifest);
        JSON.writeValue(dir.resolve(METRICS).toFile(), metrics);
        makeCurrent(root, ranker.version());
        return dir;
    }

    /** Points {@code root/CURRENT} at an existing version, atomically (readers see the old or the new name). */
    public static void makeCurrent(Path root, String version) throws IOException {
        Path tmp = root.resolve(CURRENT + ".tmp");
        Files.writeString(tmp, version + "\n", StandardCharsets.UTF_8);
        Files.move(tmp, root.resolve(CURRENT), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The version {@code root/CURRENT} names, empty when there is none (no model trained yet). */
    public static Optional<String> currentVersion(Path root) throws IOException {
        Path current = root.resolve(CURRENT);
        if (!Files.isRegularFile(current)) {
            return Optional.empty();
        }
        String version = Files.readString(current, StandardCharsets.UTF_8).trim();
        if (version.isEmpty()) {
            throw new IOException(current + ": empty, expected the name of a version directory");
        }
        return Optional.of(version);
    }

    /** Loads the current version under {@code root}, or {@code root} itself when it is a version directory. */
    public static Ranker load(Path root) throws IOException {
        Optional<String> current = currentVersion(root);
        return loadDir(current.isPresent() ? root.resolve(current.get()) : root);
    }

    /** Loads one version directory, checking it as the class comment says; errors name the file. */
    public static Ranker loadDir(Path dir) throws IOException {
        Path manifestFile = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(manifestFile)) {
            throw new IOException(manifestFile + ": no ranker manifest (run `train` to write a ranker artifact)");
        }
        JsonNode manifest = JSON.readTree(manifestFile.toFile());
        if (manifest.path("format").asInt() != FORMAT) {
            throw new IOException(manifestFile + ": ranker format " + manifest.path("format") + ", this build reads "
                    + FORMAT);
        }
        Path featuresFile = dir.resolve(FEATURES);
        JsonNode schemaJson = JSON.readTree(featuresFile.toFile());
        List<String> names = new ArrayList<>();
        schemaJson.path("names").forEach(n -> names.add(n.asText()));
        FeatureSchema schema;
        try {
            schema = new FeatureSchema(schemaJson.path("version").asText(), names);
        } catch (IllegalArgumentException e) {
            throw new IOException(featuresFile + ": " + e.getMessage(), e);
        }
        if (!schema.version().equals(manifest.path("featureSchema").asText())) {
            throw new IOException(dir + ": features.json is schema " + schema.version() + " but the manifest says "
                    + manifest.path("featureSchema").asText());
        }
        String kind = manifest.path("kind").asText(KIND_XGBOOST);
        if (kind.equals(KIND_LINEAR) && manifest.has("weights")) {
            JsonNode w = manifest.path("weights");
            return new LinearRanker(manifest.path("version").asText(), schema,
                    weights(manifestFile, w, schema.size(), "features.json"));
        }
        if (kind.equals(KIND_LINEAR)) {
            LinearRanker linear = new LinearRanker(manifest.path("version").asText());
            if (!linear.schema().equals(schema)) {
                throw new IOException(featuresFile + ": schema " + schema.version() + " " + schema.names()
                        + " is not the linear blend's " + linear.schema().version() + " " + linear.schema().names());
            }
            return linear;
        }
        if (!kind.equals(KIND_XGBOOST)) {
            throw new IOException(manifestFile + ": ranker kind '" + kind + "', this build reads " + KIND_XGBOOST
                    + " and " + KIND_LINEAR);
        }
        Path modelFile = dir.resolve(MODEL);
        if (!Files.isRegularFile(modelFile)) {
            throw new IOException(modelFile + ": missing");
        }
        byte[] model = Files.readAllBytes(modelFile);
        if (manifest.hasNonNull("modelSha256") && !manifest.path("modelSha256").asText().equals(sha256(model))) {
            throw new IOException(modelFile + ": " + model.length + " bytes whose SHA-256 is not the manifest's "
                    + "(manifest: " + manifest.path("modelBytes").asLong() + " bytes): truncated or replaced");
        }
        String version = manifest.path("version").asText();
        int treeLimit = manifest.path("treeLimit").asInt();
        try {
            Booster booster = XGBoost.loadModel(model);
            // a loaded model scores one user's few hundred candidates at a time, calls serialised per booster:
            // OpenMP threads only add hand-off cost there (measured 2-3x slower with 2 threads on 2 busy cores)
            booster.setParam("nthread", 1);
            if (booster.getNumFeature() != schema.size()) {
                throw new IOException(modelFile + ": the model reads " + booster.getNumFeature()
                        + " features but features.json names " + schema.size());
            }
            XgboostRanker ranker = new XgboostRanker(booster, schema, version, treeLimit,
                    base(manifestFile, manifest.path("base"), schema));
            // one prediction now, so a model that loads but cannot score is refused here rather than per user
            double score = ranker.score(new double[][] {new double[schema.size()]})[0];
            if (!Double.isFinite(score)) {
                throw new IOException(modelFile + ": scores an all-zero row as " + score);
            }
            return ranker;
        } catch (XGBoostError | IllegalStateException e) {
            throw new IOException(modelFile + ": not a readable XGBoost model: " + e.getMessage(), e);
        }
    }

    /** A fitted blend's weights, one per feature of the schema they are for, named in errors by {@code what}. */
    private static double[] weights(Path manifestFile, JsonNode w, int size, String what) throws IOException {
        if (!w.isArray() || w.size() != size) {
            throw new IOException(manifestFile + ": a fitted linear blend needs " + size
                    + " weights (one per feature of " + what + "), has " + w);
        }
        double[] weights = new double[w.size()];
        for (int i = 0; i < weights.length; i++) {
            if (!w.get(i).isNumber()) {
                throw new IOException(manifestFile + ": weight " + i + " is not a number: " + w.get(i));
            }
            weights[i] = w.get(i).asDouble();
        }
        return weights;
    }

    /** The blend an XGBoost model was boosted from ({@code "base"}), or null when the manifest names none. */
    private static LinearRanker base(Path manifestFile, JsonNode base, FeatureSchema schema) throws IOException {
        if (base.isMissingNode() || base.isNull()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        base.path("names").forEach(n -> names.add(n.asText()));
        try {
            FeatureSchema baseSchema = new FeatureSchema(base.path("featureSchema").asText(), names);
            schema.columnsOf(baseSchema);
            return new LinearRanker("base", baseSchema,
                    weights(manifestFile, base.path("weights"), names.size(), "the base's names"));
        } catch (IllegalArgumentException e) {
            throw new IOException(manifestFile + ": base: " + e.getMessage(), e);
        }
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
