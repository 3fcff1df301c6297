package io.tastestream.core.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The EASE part of a catalog (format 2) on disk, and format 1 catalogs, which have none. */
class EaseCatalogStoreTest {

    @Test
    void easeRowsRoundTripLargestFirst(@TempDir Path root) throws Exception {
        Map<String, EaseWeights> ease = Map.of(
                "a", new EaseWeights(0.02, List.of("c", "b"), new float[] {0.05f, 0.25f}),
                "b", new EaseWeights(0.5, List.of("a"), new float[] {0.125f}));
        Catalog c = Catalog.of("v1", List.of(CatalogArtist.of("A", 3, List.of()), CatalogArtist.of("B", 2, List.of()),
                CatalogArtist.of("C", 2, List.of())), Map.of("a", List.of(new Neighbour("b", 0.5))), ease, 50);
        assertThat(c.manifest().format()).isEqualTo(2);
        assertThat(c.manifest().easeWeights()).isEqualTo(3);

        CatalogStore.write(c, root);
        Catalog read = CatalogStore.read(root);

        assertThat(read.hasEase()).isTrue();
        assertThat(read.allEase()).isEqualTo(c.allEase());
        assertThat(read.ease("a").keys()).containsExactly("b", "c");
        assertThat(read.ease("a").weights()).containsExactly(0.25f, 0.05f);
        assertThat(read.ease("a").diagonal()).isEqualTo(0.02);
        assertThat(read.ease("c")).isNull();
        assertThat(read.manifest().easeLambda()).isEqualTo(50);
        assertThat(read.neighbours("a")).containsExactly(new Neighbour("b", 0.5));
    }

    @Test
    void aFormatOneCatalogLoadsWithoutEase(@TempDir Path root) throws Exception {
        // written as a format 1 build wrote it: no ease.jsonl, a manifest without the EASE fields
        Path dir = root.resolve("catalog-old");
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("manifest.json"), """
                {"format": 1, "version": "catalog-old", "createdAt": "2026-11-01T00:00:00Z",
                 "source": "hetrec", "artists": 1, "neighbourPairs": 1}
                """);
        Files.writeString(dir.resolve("artists.jsonl"),
                "{\"key\":\"a\",\"name\":\"A\",\"listeners\":3,\"tags\":[]}\n");
        Files.writeString(dir.resolve("neighbours.jsonl"),
                "{\"artist\":\"a\",\"neighbours\":[{\"artistKey\":\"b\",\"similarity\":0.5}]}\n");
        Files.writeString(root.resolve("CURRENT"), "catalog-old\n");

        Catalog read = CatalogStore.read(root);

        assertThat(read.version()).isEqualTo("catalog-old");
        assertThat(read.hasEase()).isFalse();
        assertThat(read.ease("a")).isNull();
        assertThat(read.manifest().easeWeights()).isZero();
        assertThat(read.neighbours("A")).containsExactly(new Neighbour("b", 0.5));
    }

    @Test
    void aFormatFromTheFutureAndABrokenEaseLineAreRefusedByName(@TempDir Path root) throws Exception {
        Catalog c = Catalog.of("v1", List.of(CatalogArtist.of("A", 1, List.of())), Map.of(),
                Map.of("a", new EaseWeights(1, List.of("b"), new float[] {0.1f})), 50);
        Path dir = CatalogStore.write(c, root);
        Files.writeString(dir.resolve("ease.jsonl"), "{\"artist\":\"a\",\"diagonal\":1,\"keys\":[\"b\"],"
                + "\"weights\":[0.1,0.2]}\n");
        assertThatThrownBy(() -> CatalogStore.read(root)).hasMessageContaining("ease.jsonl");

        Files.writeString(dir.resolve("manifest.json"), Files.readString(dir.resolve("manifest.json"))
                .replace("\"format\" : 2", "\"format\" : 3"));
        assertThatThrownBy(() -> CatalogStore.read(root)).hasMessageContaining("catalog format 3");
    }
}
