package io.tastestream.trainer.evaluate;

import io.tastestream.core.serde.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code metrics.json}, in the exact shape other tools read:
 * {@code {"protocol": …, "items": N, "models": {"<name>": {"recall@10": …, …, "ndcg@50": …, "users": n}}}}.
 */
public final class MetricsFile {
    public static final String NAME = "metrics.json";

    private MetricsFile() {}

    public static Map<String, Object> content(Split split, List<Evaluator.Result> results) {
        Map<String, Object> models = new LinkedHashMap<>();
        for (Evaluator.Result r : results) {
            Map<String, Object> m = new LinkedHashMap<>(r.metrics());
            m.put("users", r.users());
            if (!r.selection().isEmpty()) {
                m.put("ranker", r.selection());
            }
            models.put(r.name(), m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("protocol", split.protocol().label());
        root.put("items", split.itemCount());
        root.put("models", models);
        return root;
    }

    public static Path write(Path dir, Split split, List<Evaluator.Result> results) throws IOException {
        Files.createDirectories(dir);
        Path file = dir.resolve(NAME);
        Json.mapper().writerWithDefaultPrettyPrinter().writeValue(file.toFile(), content(split, results));
        return file;
    }
}
