package io.tastestream.core.config;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/**
 * The configuration options every command and process takes, as a picocli mixin:
 * {@code @Mixin ConfigOptions config;} then {@code config.load()}.
 */
public final class ConfigOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "Properties file with tastestream settings (see deploy/config/tastestream.properties).")
    Path file;

    @Option(names = "--set", paramLabel = "KEY=VALUE",
            description = "Override one setting, e.g. --set kafka.bootstrap.servers=localhost:9092. Repeatable.")
    Map<String, String> overrides = new LinkedHashMap<>();

    @Option(names = "--bootstrap", paramLabel = "HOST:PORT", description = "Kafka bootstrap servers (shorthand for "
            + "--set kafka.bootstrap.servers=...).")
    String bootstrap;

    /** Defaults, then --config, then TASTESTREAM_* environment variables, then --set and --bootstrap. */
    public TastestreamConfig load() {
        Map<String, String> all = new LinkedHashMap<>(overrides);
        if (bootstrap != null) {
            all.put(TastestreamConfig.KAFKA_BOOTSTRAP, bootstrap);
        }
        return TastestreamConfig.load(file, all);
    }
}
