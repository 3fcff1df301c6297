package io.tastestream.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.event.WeightedTag;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogStoreTest {

    @Test
    void writesAVersionAndPointsCurrentAtIt(@TempDir Path root) throws Exception {
        Catalog v1 = Catalog.of("v1", List.of(CatalogArtist.of("Björk", 3, List.of(new WeightedTag("icelandic", 2)))),
                Map.of("björk", List.of(new Neighbour("sigur rós", 0.5))));
        CatalogStore.write(v1, root);
        Catalog v2 = Catalog.of("v2", List.of(CatalogArtist.of("Sigur Rós", 4, List.of())), Map.of());
        CatalogStore.write(v2, root);
        assertThat(Files.readString(root.resolve("CURRENT")).trim()).isEqualTo("v2");
        assertThat(CatalogStore.read(root).version()).isEqualTo("v2");
        Catalog readV1 = CatalogStore.read(root.resolve("v1"));
        assertThat(readV1.artist("BJÖRK")).contains(v1.artists().iterator().next());
        assertThat(readV1.neighbours("Björk")).containsExactly(new Neighbour("sigur rós", 0.5));
        assertThat(readV1.artistsWithTag("Icelandic", 5)).extracting(CatalogArtist::name).containsExactly("Björk");
    }

    @Test
    void aBrokenLineIsNamedByFileAndLine(@TempDir Path root) throws Exception {
        Catalog c = Catalog.of("v1", List.of(CatalogArtist.of("A", 1, List.of())), Map.of());
        Path dir = CatalogStore.write(c, root);
        Files.writeString(dir.resolve("artists.jsonl"), "{\"name\":\"A\"}\n{broken\n");
        assertThatThrownBy(() -> CatalogStore.read(root)).hasMessageContaining("artists.jsonl:2");
        assertThatThrownBy(() -> CatalogStore.read(root.resolve("nothing-here")))
                .hasMessageContaining("no catalog at");
    }
}
