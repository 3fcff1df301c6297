package io.tastestream.core.config;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * All settings of all stages, in one place. Values come from, last wins: the defaults below, a properties file,
 * environment variables ({@code TASTESTREAM_KAFKA_BOOTSTRAP_SERVERS} for {@code kafka.bootstrap.servers}), and
 * explicit overrides (command-line options).
 *
 * <p>Secrets (API keys, tokens) are read the same way but never printed: {@link #describe()} masks them.
 */
public final class TastestreamConfig {

    /** Every key with its default. A key not listed here is refused, so a typo does not silently do nothing. */
    public static final Map<String, String> DEFAULTS = defaults();

    public static final String KAFKA_BOOTSTRAP = "kafka.bootstrap.servers";
    public static final String DATA_DIR = "data.dir";
    public static final String CATALOG_DIR = "catalog.dir";
    public static final String HALF_LIFE = "taste.half-life";
    public static final String WEIGHT_PLAY = "taste.weight.play";
    public static final String WEIGHT_LIKE = "taste.weight.like";
    public static final String WEIGHT_SKIP = "taste.weight.skip";
    public static final String FULL_PLAY = "taste.full-play";
    public static final String TOP_N = "taste.snapshot.top-n";
    public static final String RECENT_PLAYS = "taste.snapshot.recent-plays";
    public static final String MAX_OUT_OF_ORDERNESS = "taste.max-out-of-orderness";
    public static final String MAX_TAGS = "taste.max-tags";
    public static final String MAX_ARTISTS = "taste.max-artists";
    public static final String USER_TTL = "taste.user-ttl";
    public static final String DEDUP_TTL = "taste.dedup-ttl";
    public static final String DELIVERY = "taste.delivery";
    public static final String EMIT_INTERVAL = "taste.emit-interval";
    public static final String CHECKPOINT_INTERVAL = "flink.checkpoint.interval";
    public static final String FLINK_DASHBOARD_PORT = "flink.dashboard.port";
    /** Port of the taste job's Prometheus endpoint (Flink's PrometheusReporter; 0 picks a free port). */
    public static final String FLINK_METRICS_PORT = "flink.metrics-port";
    public static final String FLINK_PARALLELISM = "flink.parallelism";
    public static final String SERVING_PORT = "serving.port";
    /**
     * The host name other serving instances reach this one by (with {@code serving.port}); empty (the default) for a
     * single instance. Set on every instance to run several: each then answers for every user, asking the one that
     * holds the user.
     */
    public static final String SERVING_ADVERTISED_HOST = "serving.advertised-host";
    public static final String RECOMMENDATIONS_SIZE = "serving.recommendations";
    /** Root of the trained ranker's versioned artifacts (model-trainer's {@code train --out}); serving loads CURRENT. */
    public static final String RANKER_DIR = "ranker.dir";
    /** How often serving looks for a new catalog or ranker version (catalog.dir/CURRENT, ranker.dir/CURRENT). */
    public static final String RELOAD_INTERVAL = "serving.reload-interval";

    private static Map<String, String> defaults() {
        Map<String, String> d = new TreeMap<>();
        d.put(KAFKA_BOOTSTRAP, "localhost:9092");
        d.put(DATA_DIR, "tastestream-data");
        d.put(CATALOG_DIR, "tastestream-data/catalog");
        d.put(HALF_LIFE, "P90D");
        d.put(WEIGHT_PLAY, "1.0");
        d.put(WEIGHT_LIKE, "5.0");
        d.put(WEIGHT_SKIP, "-1.0");
        d.put(FULL_PLAY, "PT30S");
        d.put(TOP_N, "50");
        d.put(RECENT_PLAYS, "20");
        d.put(MAX_OUT_OF_ORDERNESS, "PT5M");
        d.put(MAX_TAGS, "100");
        d.put(MAX_ARTISTS, "100");
        d.put(USER_TTL, "P365D");
        d.put(DEDUP_TTL, "P30D");
        d.put(DELIVERY, "at-least-once");
        d.put(EMIT_INTERVAL, "PT0.5S");
        d.put(CHECKPOINT_INTERVAL, "PT10S");
        d.put(FLINK_DASHBOARD_PORT, "8081");
        d.put(FLINK_METRICS_PORT, "9249");
        d.put(FLINK_PARALLELISM, "1");
        d.put(SERVING_PORT, "8088");
        d.put(SERVING_ADVERTISED_HOST, "");
        d.put(RECOMMENDATIONS_SIZE, "20");
        d.put(RANKER_DIR, "tastestream-data/models");
        d.put(RELOAD_INTERVAL, "PT10S");
        d.put("spotify.client-id", "");
        d.put("spotify.client-secret", "");
        d.put("spotify.api-url", "https://api.spotify.com");
        d.put("spotify.accounts-url", "https://accounts.spotify.com");
        d.put("spotify.redirect-uri", "http://127.0.0.1:8888/callback");
        d.put("spotify.poll-interval", "PT5M");
        d.put("lastfm.api-key", "");
        d.put("lastfm.api-url", "https://ws.audioscrobbler.com/2.0/");
        return Map.copyOf(d);
    }

    private final Map<String, String> values;

    private TastestreamConfig(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    public static TastestreamConfig defaultsOnly() {
        return new TastestreamConfig(DEFAULTS);
    }

    /** Defaults, then the file (if not null), then the environment, then the overrides. */
    public static TastestreamConfig load(Path file, Map<String, String> env, Map<String, String> overrides) {
        Map<String, String> v = new TreeMap<>(DEFAULTS);
        if (file != null) {
            Properties p = new Properties();
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
            for (String key : p.stringPropertyNames()) {
                put(v, key, p.getProperty(key).trim(), "config file " + file);
            }
        }
        for (String key : DEFAULTS.keySet()) {
            String fromEnv = env.get(envName(key));
            if (fromEnv != null) {
                v.put(key, fromEnv.trim());
            }
        }
        overrides.forEach((key, value) -> put(v, key, value, "override"));
        return new TastestreamConfig(v);
    }

    /** The usual: an optional file, the process environment, command-line overrides. */
    public static TastestreamConfig load(Path file, Map<String, String> overrides) {
        return load(file, System.getenv(), overrides);
    }

    private static void put(Map<String, String> v, String key, String value, String origin) {
        if (!DEFAULTS.containsKey(key)) {
            throw new IllegalArgumentException("unknown setting '" + key + "' in " + origin + "; known settings: "
                    + String.join(", ", new java.util.TreeSet<>(DEFAULTS.keySet())));
        }
        v.put(key, value);
    }

    /** {@code kafka.bootstrap.servers} → {@code TASTESTREAM_KAFKA_BOOTSTRAP_SERVERS}. */
    public static String envName(String key) {
        return "TASTESTREAM_" + key.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]", "_");
    }

    public TastestreamConfig with(String key, String value) {
        Map<String, String> v = new TreeMap<>(values);
        put(v, key, value, "override");
        return new TastestreamConfig(v);
    }

    public String get(String key) {
        String value = values.get(key);
        if (value == null) {
            throw new IllegalArgumentException("unknown setting '" + key + "'");
        }
        return value;
    }

    public int getInt(String key) {
        try {
            return Integer.parseInt(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a whole number, was '" + get(key) + "'");
        }
    }

    public double getDouble(String key) {
        try {
            return Double.parseDouble(get(key));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be a number, was '" + get(key) + "'");
        }
    }

    /** ISO-8601 durations: P90D, PT30S, PT10M. */
    public Duration getDuration(String key) {
        try {
            return Duration.parse(get(key));
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("setting '" + key + "' must be an ISO-8601 duration such as P90D or "
                    + "PT30S, was '" + get(key) + "'");
        }
    }

    public Path getPath(String key) {
        return Path.of(get(key));
    }

    public Map<String, String> asMap() {
        return values;
    }

    /** key=value lines for logs and the demo banner, secrets masked. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        new TreeMap<>(values).forEach((k, v) -> sb.append(k).append('=')
                .append(isSecret(k) && !v.isEmpty() ? "****" : v).append('\n'));
        return sb.toString();
    }

    /** Writes these settings as a properties file, so a child process reads exactly the same config. */
    public void store(Path file) throws IOException {
        Properties p = new Properties();
        p.putAll(values);
        Files.createDirectories(file.toAbsolutePath().getParent());
        try (var w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            p.store(w, "tastestream settings");
        }
    }

    public static boolean isSecret(String key) {
        String k = key.toLowerCase(Locale.ROOT);
        return k.contains("secret") || k.contains("api-key") || k.contains("token") || k.contains("password");
    }
}
