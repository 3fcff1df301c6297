package io.tastestream.serving.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.recommend.Recommender;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The recommender the topology asks for each snapshot. Held in an atomic reference so a newly built catalog can be
 * swapped in while the application runs ({@link #reload()}); records in flight finish with the one they got.
 */
public final class SwappableRecommender implements Supplier<Recommender> {
    private static final Logger LOG = LoggerFactory.getLogger(SwappableRecommender.class);

    private final Path catalogRoot;
    private final int size;
    private final AtomicReference<Recommender> current = new AtomicReference<>();

    private SwappableRecommender(Path catalogRoot, int size, Recommender initial) {
        this.catalogRoot = catalogRoot;
        this.size = size;
        this.current.set(initial);
    }

    /** Reads the current catalog under {@code catalogRoot} (see {@link CatalogStore}); fails if there is none. */
    public static SwappableRecommender load(Path catalogRoot, int size) throws IOException {
        return new SwappableRecommender(catalogRoot, size, read(catalogRoot, size));
    }

    /** A fixed catalog, no directory to reload from. */
    public static SwappableRecommender of(Recommender recommender) {
        return new SwappableRecommender(null, 0, Objects.requireNonNull(recommender, "recommender"));
    }

    @Override
    public Recommender get() {
        return current.get();
    }

    /** Swaps in another recommender, e.g. one built from a catalog a test or an admin command provides. */
    public void swap(Recommender recommender) {
        Recommender previous = current.getAndSet(Objects.requireNonNull(recommender, "recommender"));
        LOG.info("recommender swapped: {} -> {}", previous.version(), recommender.version());
    }

    /** Re-reads the catalog directory's current version and swaps it in. The old one stays if reading fails. */
    public void reload() throws IOException {
        if (catalogRoot == null) {
            throw new IllegalStateException("this recommender was not loaded from a catalog directory");
        }
        swap(read(catalogRoot, size));
    }

    private static Recommender read(Path root, int size) throws IOException {
        Catalog catalog = CatalogStore.read(root);
        LOG.info("catalog {} loaded from {}: {} artists", catalog.version(), root, catalog.artists().size());
        return new Recommender(catalog, size);
    }
}
