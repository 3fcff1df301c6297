package io.tastestream.trainer.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.recommend.Recommender;
import io.tastestream.core.dataset.HetRecFiles;
import io.tastestream.core.dataset.HetRecReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogRoundTripTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @TempDir
    Path tmp;

    /** Two scenes with no shared listeners, and tags, so both generators have something to find. */
    Catalog built() throws Exception {
        HetRecFiles files = new HetRecFiles(tmp.resolve("data"))
                .artists("1\tMogwai\t\t", "2\tExplosions in the Sky\t\t", "3\tMono\t\t", "4\tSigur Rós\t\t",
                        "5\tNas\t\t", "6\tMobb Deep\t\t")
                .tags("1\tpost-rock", "2\thip-hop", "3\tmúsica")
                .userArtists("1\t1\t10", "1\t2\t10", "1\t3\t10", "2\t1\t10", "2\t2\t10", "3\t1\t10", "3\t4\t10",
                        "3\t3\t10", "4\t4\t10", "4\t2\t10", "5\t5\t10", "5\t6\t10", "6\t5\t10", "6\t6\t10")
                .tagged("1\t1\t1\t1\t1\t2009", "2\t2\t1\t1\t1\t2009", "3\t4\t3\t1\t1\t2009",
                        "5\t5\t2\t1\t1\t2009", "1\t1\t1\t1\t1\t1956");
        return CatalogBuilder.build(HetRecReader.read(files.dir()), 30);
    }

    @Test
    void roundTripsThroughCatalogStore() throws Exception {
        Catalog catalog = built();
        Path root = tmp.resolve("catalogs");

        Path dir = CatalogStore.write(catalog, root);
        Catalog read = CatalogStore.read(root);

        assertThat(dir).isEqualTo(root.resolve(catalog.version()));
        assertThat(Files.readString(root.resolve("CURRENT"), StandardCharsets.UTF_8).trim())
                .isEqualTo(catalog.version());
        assertThat(read.version()).isEqualTo(catalog.version());
        assertThat(read.manifest()).isEqualTo(catalog.manifest());
        assertThat(new HashSet<>(read.artists())).isEqualTo(new HashSet<>(catalog.artists()));
        assertThat(read.allNeighbours()).isEqualTo(catalog.allNeighbours()).isNotEmpty();
        assertThat(read.artist("sigur rós").orElseThrow().tags()).extracting(t -> t.tag()).containsExactly("música");
    }

    @Test
    void recommenderSuggestsTheTopArtistsNeighboursFirst() throws Exception {
        Catalog catalog = built();
        List<String> mogwaiNeighbours = catalog.neighbours("mogwai").stream().map(Neighbour::artistKey).toList();
        // Mono: 2 of Mogwai's 3 listeners and 2 listeners in all, 2/sqrt(6); Explosions: 2 of 3 and 3, 2/3
        assertThat(mogwaiNeighbours).containsExactly("mono", "explosions in the sky", "sigur rós");

        // just played Mogwai, and nothing else known: no tags, so only co-listen evidence counts
        TasteSnapshot taste = new TasteSnapshot(TasteSnapshot.CURRENT_VERSION, "u1", T0, 72, List.of(),
                List.of(new Weighted("Mogwai", 5)), List.of(new RecentPlay("Mogwai", "Like Herod", T0)), List.of(),
                List.of(), List.of(), new Trigger(Trigger.Kind.PLAY, ItemRef.artist("Mogwai"), T0), 1);
        Recommendations recs = new Recommender(catalog, 10).recommend(taste, T0);

        assertThat(recs.modelVersion()).startsWith(catalog.version());
        assertThat(recs.items()).extracting(RecommendedItem::artist)
                .containsExactly("Mono", "Explosions in the Sky", "Sigur Rós");
        assertThat(recs.items().get(0).reason()).contains("Mogwai");
    }
}
