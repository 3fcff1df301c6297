package io.tastestream.serving.recommend;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.ranker.RankerArtifact;
import io.tastestream.core.recommend.CandidateGenerators;
import io.tastestream.core.recommend.Features;
import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.recommend.Ranker;
import io.tastestream.core.recommend.Recommender;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommender the topology asks for each snapshot: the current catalog with the current ranker. Held in an
 * atomic reference, so {@link #reload()} can swap in a new catalog or ranker version while the application runs;
 * records in flight finish with the one they got.
 *
 * <p>Reloading looks at {@code catalog.dir/CURRENT} and {@code ranker.dir/CURRENT} and loads only what changed. A
 * new version that cannot be used is refused: logged once with the artifact and the reason, counted, and the old
 * version keeps serving. A ranker is refused when it does not load (see {@link RankerArtifact}) or when its feature
 * schema names features serving cannot compute from a taste snapshot and the catalog ({@link Features#CORE}).
 * Without a ranker (no {@code ranker.dir/CURRENT}) the {@link LinearRanker} ranks.
 */
public final class SwappableRecommender implements Supplier<Recommender> {
    private static final Logger LOG = LoggerFactory.getLogger(SwappableRecommender.class);

    /** What is being served, and since when. */
    public record Versions(String catalog, String ranker, String modelVersion, Instant loadedAt,
                           List<String> rankerFeatures, Refusal lastRefusal) {}

    /** A version that was refused: which artifact, which version, why, when. */
    public record Refusal(String artifact, String path, String version, String reason, Instant at) {}

    /** What one {@link #reload()} did. */
    public enum Outcome { UNCHANGED, SWAPPED, REFUSED }

    /** The served state: the recommender, and which CURRENT contents it was built from (null: none, fixed). */
    private record State(Recommender recommender, String catalogDir, String rankerVersion, Instant loadedAt) {}

    private final Path catalogRoot;
    private final Path rankerRoot;
    private final int size;
    private final Clock clock;
    private final AtomicReference<State> current = new AtomicReference<>();
    private volatile Refusal lastRefusal;
    /** "artifact:version" refused, so a broken version is reported once, not on every poll. */
    private final Set<String> refused = new HashSet<>();
    private boolean toldNoRanker;
    private Counter catalogLoaded;
    private Counter rankerLoaded;
    private Counter catalogRefused;
    private Counter rankerRefused;

    private SwappableRecommender(Path catalogRoot, Path rankerRoot, int size, Clock clock) {
        this.catalogRoot = catalogRoot;
        this.rankerRoot = rankerRoot;
        this.size = size;
        this.clock = clock;
    }

    /**
     * Reads the current catalog under {@code catalogRoot} (see {@link CatalogStore}; fails if there is none) and the
     * current ranker under {@code rankerRoot} (none, or one that is refused: the linear ranker, logged).
     */
    public static SwappableRecommender load(Path catalogRoot, Path rankerRoot, int size) throws IOException {
        return load(catalogRoot, rankerRoot, size, Clock.systemUTC());
    }

    public static SwappableRecommender load(Path catalogRoot, Path rankerRoot, int size, Clock clock)
            throws IOException {
        SwappableRecommender r = new SwappableRecommender(catalogRoot, rankerRoot, size, clock);
        Path catalogDir = CatalogStore.currentDir(catalogRoot);
        Catalog catalog = readCatalog(catalogRoot);
        Ranker ranker = new LinearRanker();
        String rankerVersion = null;
        // a ranker that cannot be used must not keep serving from starting: the linear blend ranks instead
        Optional<String> version = Optional.empty();
        try {
            version = r.rankerCurrent();
        } catch (IOException e) {
            r.refuse("ranker", rankerRoot, RankerArtifact.CURRENT, e.getMessage(), "ranking with the linear blend");
        }
        if (version.isPresent()) {
            try {
                ranker = r.readRanker(version.get());
                rankerVersion = version.get();
            } catch (IOException | RuntimeException e) {
                r.refuse("ranker", r.rankerRoot.resolve(version.get()), version.get(), e.getMessage(),
                        "ranking with the linear blend");
            }
        }
        r.current.set(new State(recommender(catalog, ranker, size), catalogDir.getFileName().toString(),
                rankerVersion, clock.instant()));
        LOG.info("serving with {}", r.get().version());
        return r;
    }

    /** Reads only the catalog: the linear ranker, no ranker directory. */
    public static SwappableRecommender load(Path catalogRoot, int size) throws IOException {
        return load(catalogRoot, null, size);
    }

    /** A fixed recommender, no directory to reload from. */
    public static SwappableRecommender of(Recommender recommender) {
        SwappableRecommender r = new SwappableRecommender(null, null, 0, Clock.systemUTC());
        r.current.set(new State(Objects.requireNonNull(recommender, "recommender"), null, null, Instant.now()));
        return r;
    }

    /** The recommender core builds for a ranker: the candidate pool it was trained on ({@link CandidateGenerators#forRanker}). */
    static Recommender recommender(Catalog catalog, Ranker ranker, int size) {
        return new Recommender(catalog, ranker, size, CandidateGenerators.forRanker(ranker));
    }

    @Override
    public Recommender get() {
        return current.get().recommender();
    }

    /** Swaps in another recommender, e.g. one a test provides; a later {@link #reload()} compares against disk. */
    public void swap(Recommender recommender) {
        State previous = current.getAndSet(new State(Objects.requireNonNull(recommender, "recommender"), null, null,
                clock.instant()));
        LOG.info("recommender swapped: {} -> {}", previous.recommender().version(), recommender.version());
    }

    /** Counts loads and refusals, and exports the time of the last swap. */
    public void bindTo(MeterRegistry registry) {
        catalogLoaded = reloads(registry, "catalog", "loaded");
        rankerLoaded = reloads(registry, "ranker", "loaded");
        catalogRefused = reloads(registry, "catalog", "refused");
        rankerRefused = reloads(registry, "ranker", "refused");
        Gauge.builder("tastestream.model.loaded.timestamp", this, r -> r.current.get().loadedAt().toEpochMilli() / 1e3)
                .description("When the recommender now serving was loaded (Unix seconds)")
                .baseUnit("seconds").register(registry);
    }

    private static Counter reloads(MeterRegistry registry, String artifact, String result) {
        return Counter.builder("tastestream.model.reloads")
                .description("New catalog or ranker versions found while running: loaded, or refused and not served")
                .tag("artifact", artifact).tag("result", result).register(registry);
    }

    /**
     * Looks at both CURRENT files and swaps in a recommender with what changed. Never throws for a bad artifact:
     * it is refused (logged once per version) and the old one keeps serving. Called by one thread at a time.
     */
    public synchronized Outcome reload() {
        State state = current.get();
        if (catalogRoot == null) {
            return Outcome.UNCHANGED;
        }
        Outcome outcome = Outcome.UNCHANGED;
        Recommender serving = state.recommender();
        Catalog catalog = serving.catalog();
        Ranker ranker = serving.ranker();
        String catalogDir = state.catalogDir();
        String rankerVersion = state.rankerVersion();
        try {
            String dir = CatalogStore.currentDir(catalogRoot).getFileName().toString();
            if (!dir.equals(catalogDir) && !isRefused("catalog", dir)) {
                try {
                    catalog = readCatalog(catalogRoot);
                    catalogDir = dir;
                    count(catalogLoaded);
                } catch (IOException | RuntimeException e) {
                    refuse("catalog", catalogRoot.resolve(dir), dir, e.getMessage(), "still serving "
                            + serving.version());
                    count(catalogRefused);
                    outcome = Outcome.REFUSED;
                }
            }
        } catch (RuntimeException e) {
            if (!isRefused("catalog", "CURRENT")) {
                refuse("catalog", catalogRoot, "CURRENT", e.getMessage(), "still serving " + serving.version());
                count(catalogRefused);
            }
            outcome = Outcome.REFUSED;
        }
        try {
            Optional<String> version = rankerCurrent();
            if (version.isPresent() && !version.get().equals(rankerVersion) && !isRefused("ranker", version.get())) {
                try {
                    ranker = readRanker(version.get());
                    rankerVersion = version.get();
                    count(rankerLoaded);
                } catch (IOException | RuntimeException e) {
                    refuse("ranker", rankerRoot.resolve(version.get()), version.get(), e.getMessage(),
                            "still serving " + serving.version());
                    count(rankerRefused);
                    outcome = Outcome.REFUSED;
                }
            }
        } catch (IOException e) {
            if (!isRefused("ranker", "CURRENT")) {
                refuse("ranker", rankerRoot, "CURRENT", e.getMessage(), "still serving " + serving.version());
                count(rankerRefused);
            }
            outcome = Outcome.REFUSED;
        }
        if (catalog != serving.catalog() || ranker != serving.ranker()) {
            Recommender next = recommender(catalog, ranker, serving.size());
            current.set(new State(next, catalogDir, rankerVersion, clock.instant()));
            LOG.info("swapped recommender without a restart: {} -> {}", serving.version(), next.version());
            return Outcome.SWAPPED;
        }
        return outcome;
    }

    /** What serves now, for the REST API. */
    public Versions versions() {
        State state = current.get();
        Recommender r = state.recommender();
        return new Versions(r.catalog().version(), r.ranker().version(), r.version(), state.loadedAt(),
                r.ranker().schema().names(), lastRefusal);
    }

    private Optional<String> rankerCurrent() throws IOException {
        if (rankerRoot == null || !Files.isDirectory(rankerRoot)) {
            tellNoRanker("no directory " + rankerRoot);
            return Optional.empty();
        }
        Optional<String> version = RankerArtifact.currentVersion(rankerRoot);
        if (version.isEmpty()) {
            tellNoRanker("no " + rankerRoot.resolve(RankerArtifact.CURRENT));
        }
        return version;
    }

    private void tellNoRanker(String why) {
        if (!toldNoRanker) {
            toldNoRanker = true;
            LOG.info("no trained ranker ({}): ranking with the linear blend until `train` writes one", why);
        }
    }

    private Ranker readRanker(String version) throws IOException {
        Path dir = rankerRoot.resolve(version);
        Ranker ranker = RankerArtifact.loadDir(dir);
        List<String> missing = Features.notComputable(ranker.schema());
        if (!missing.isEmpty()) {
            throw new IOException("its feature schema " + ranker.schema().version() + " names features serving "
                    + "cannot compute from a taste snapshot and the catalog: " + missing
                    + " (train a serving model: `train` without evaluate-only features)");
        }
        LOG.info("ranker {} loaded from {}: {} features", ranker.version(), dir, ranker.schema().size());
        return ranker;
    }

    private static Catalog readCatalog(Path root) throws IOException {
        Catalog catalog = CatalogStore.read(root);
        LOG.info("catalog {} loaded from {}: {} artists", catalog.version(), root, catalog.artists().size());
        return catalog;
    }

    private boolean isRefused(String artifact, String version) {
        return refused.contains(artifact + ":" + version);
    }

    private void refuse(String artifact, Path path, String version, String reason, String still) {
        refused.add(artifact + ":" + version);
        lastRefusal = new Refusal(artifact, path.toString(), version, reason, clock.instant());
        LOG.error("refused {} {} at {}: {}; {}", artifact, version, path, reason, still);
    }

    private static void count(Counter counter) {
        if (counter != null) {
            counter.increment();
        }
    }
}
