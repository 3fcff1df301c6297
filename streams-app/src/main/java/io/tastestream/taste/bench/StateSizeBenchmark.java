package io.tastestream.taste.bench;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.taste.state.TasteStateCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Prints the serialised size of the per-user taste state (the bytes the taste job keeps in RocksDB per user, in
 * {@link TasteStateCodec}'s form, and for comparison as JSON) for
 * generated users, with the configured bounds and without bounds. Generated listeners pick 20-120 artists from a
 * Zipf-like catalog of 20,000 artists with 3-8 tags each from a 3,000-tag vocabulary, play each 1-6 times over 90
 * days and like or skip a few. Not a test: it prints figures.
 */
@Command(name = "taste-state-size", mixinStandardHelpOptions = true,
        description = "Prints taste state bytes per user for generated users.")
public final class StateSizeBenchmark implements Callable<Integer> {

    @Option(names = "--users", defaultValue = "100000", description = "Users to generate (default ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", defaultValue = "42")
    long seed;

    @CommandLine.Mixin
    io.tastestream.core.config.ConfigOptions configOptions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new StateSizeBenchmark()).execute(args));
    }

    @Override
    public Integer call() {
        TastestreamConfig config = configOptions.load();
        TasteSettings bounded = TasteSettings.from(config);
        TasteSettings unbounded = TasteSettings.from(config.with(TastestreamConfig.MAX_TAGS, "1000000")
                .with(TastestreamConfig.MAX_ARTISTS, "1000000"));
        System.out.printf("taste state bytes per user, %,d generated users (seed %d)%n", users, seed);
        report("bounds " + bounded.maxTags() + " tags / " + bounded.maxArtists() + " artists", bounded);
        report("no bounds", unbounded);
        return 0;
    }

    void report(String label, TasteSettings settings) {
        Random random = new Random(seed);
        TasteStateCodec codec = new TasteStateCodec(settings.halfLife());
        int[] sizes = new int[users];
        int[] jsonSizes = new int[users];
        long events = 0;
        long started = System.nanoTime();
        for (int u = 0; u < users; u++) {
            TasteState state = new TasteState();
            events += generateUser("user-" + u, state, settings, random);
            sizes[u] = codec.encode(state).length;
            jsonSizes[u] = TasteState.SERDE.encode(state).length;
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Arrays.sort(sizes);
        long total = Arrays.stream(sizes).asLongStream().sum();
        long jsonTotal = Arrays.stream(jsonSizes).asLongStream().sum();
        System.out.printf("  %-28s mean %,6d B  median %,6d B  p95 %,6d B  max %,6d B  total %,d MB  "
                        + "(as JSON: mean %,d B; %,d events, %.1f s)%n", label, total / users, sizes[users / 2],
                sizes[(int) (users * 0.95)], sizes[users - 1], total >> 20, jsonTotal / users, events, seconds);
    }

    static final int ARTISTS = 20_000;
    static final int TAGS = 3_000;
    static final Instant START = Instant.parse("2024-01-01T00:00:00Z");

    /** Adds one user's generated plays and feedback to {@code state}; returns how many events. */
    static int generateUser(String user, TasteState state, TasteSettings settings, Random random) {
        int artists = 20 + random.nextInt(101);
        int events = 0;
        for (int a = 0; a < artists; a++) {
            int artist = zipf(random, ARTISTS);
            List<WeightedTag> tags = tagsOf(artist);
            String name = "Artist " + artist;
            int plays = 1 + random.nextInt(6);
            for (int p = 0; p < plays; p++) {
                Instant at = START.plusSeconds(random.nextInt(90 * 86_400));
                state.applyPlay(PlayEvent.of(user, name, "Track " + random.nextInt(20), null, at, 0, "bench"), tags,
                        settings);
                events++;
            }
            if (random.nextInt(20) == 0) {
                FeedbackType type = random.nextBoolean() ? FeedbackType.LIKE : FeedbackType.SKIP;
                state.applyFeedback(FeedbackEvent.of(user, type, ItemRef.artist(name),
                        START.plusSeconds(random.nextInt(90 * 86_400)), "bench"), tags, settings);
                events++;
            }
        }
        return events;
    }

    /** Popular artists (small ids) far more often than the long tail. */
    private static int zipf(Random random, int n) {
        return (int) Math.min(n - 1, Math.floor(Math.exp(random.nextDouble() * Math.log(n))) - 1);
    }

    /** Deterministic tags per artist: 3-8 tags, mostly from the head of the vocabulary. */
    private static List<WeightedTag> tagsOf(int artist) {
        Random r = new Random(artist * 7919L);
        int n = 3 + r.nextInt(6);
        List<WeightedTag> tags = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            tags.add(new WeightedTag("tag " + zipf(r, TAGS), 1 + r.nextInt(100)));
        }
        return tags;
    }
}
