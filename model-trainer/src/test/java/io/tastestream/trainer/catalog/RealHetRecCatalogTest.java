package io.tastestream.trainer.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.testing.SharedData;
import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.dataset.LineIssue;
import io.tastestream.core.dataset.UserArtist;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/** The HetRec 2011 Last.fm 2K copy in /work/shared/data: counts as documented in its SOURCE.md, and a sane catalog. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealHetRecCatalogTest {
    Path dir;
    Dataset dataset;
    Catalog catalog;

    @BeforeAll
    void readAndBuild() throws Exception {
        dir = SharedData.hetrec();
        dataset = HetRecReader.read(dir);
        // the closest 30 neighbours are what the checks below are about (the default keeps more, for colisten_sum)
        catalog = CatalogBuilder.build(dataset, 30);
    }

    @Test
    void countsMatchSourceMd() {
        assertThat(dataset.malformed()).isEmpty();
        assertThat(dataset.artists()).hasSize(17_632);
        assertThat(dataset.tags()).hasSize(11_946);
        assertThat(dataset.userArtists()).hasSize(73_838);
        assertThat(dataset.tagAssignments().size() + dataset.dropped().size()).isEqualTo(156_281);
        assertThat(dataset.friendships()).hasSize(16_922);
        assertThat(dataset.users()).hasSize(1_502);
        assertThat(dataset.userArtists().stream().map(UserArtist::artistId).distinct().count()).isEqualTo(15_415);
        assertThat(dataset.userArtists().stream().mapToLong(UserArtist::weight).sum()).isEqualTo(56_742_606L);
        // latin-1 decoded: a tag with a non-ASCII letter reads as written
        assertThat(dataset.tags().values()).contains("tropicália", "rock français", "fußball");
    }

    @Test
    void dropsTheFiveBogusYears() {
        Path file = dir.resolve(HetRecReader.USER_TAGGED_ARTISTS);
        assertThat(dataset.dropped()).extracting(LineIssue::file).containsOnly(file);
        assertThat(dataset.dropped()).extracting(LineIssue::line).containsExactly(3423L, 10992L, 117415L, 117418L,
                143901L);
        assertThat(dataset.dropped()).extracting(LineIssue::reason).allMatch(r -> r.matches("year 19(56|57|79) .*"));
        assertThat(dataset.tagAssignments()).allMatch(t -> t.date().getYear() >= 2005);
    }

    @Test
    void catalogHasEveryListenedArtistWithItsListeners() {
        assertThat(catalog.artists().size()).isBetween(16_000, 16_646);
        assertThat(catalog.artist("Britney Spears")).get().extracting(CatalogArtist::listeners).isEqualTo(428L);
        assertThat(catalog.artist("Radiohead")).get().satisfies(a -> {
            assertThat(a.listeners()).isEqualTo(306L);
            assertThat(a.tags()).hasSize(10);
            assertThat(a.tags().get(0).tag()).isEqualTo("alternative");
        });
        assertThat(catalog.allNeighbours().values()).allMatch(list -> list.size() <= 30)
                .allMatch(list -> list.stream().allMatch(n -> n.similarity() > 0 && n.similarity() <= 1 + 1e-12));
    }

    @Test
    void britneySpearsNeighboursArePopAndIncludeHerPeers() {
        List<Neighbour> neighbours = catalog.neighbours("britney spears");
        assertThat(neighbours).hasSize(30);
        assertThat(neighbours.subList(0, 5)).extracting(Neighbour::artistKey)
                .contains("lady gaga", "christina aguilera");
        // every one of her ten closest neighbours carries her top tag
        String topTag = catalog.artist("britney spears").orElseThrow().tags().get(0).tag();
        assertThat(topTag).isEqualTo("pop");
        assertThat(neighbours.subList(0, 10)).allSatisfy(n -> assertThat(catalog.artist(n.artistKey()).orElseThrow()
                .tagShare(topTag)).as(n.artistKey()).isPositive());
        assertThat(neighbours).extracting(Neighbour::artistKey).doesNotContain("metallica", "slayer");
    }

    @Test
    void metallicaNeighboursAreMetalAndRadioheadsIncludeItsSinger() {
        assertThat(catalog.neighbours("Metallica").subList(0, 3)).extracting(Neighbour::artistKey)
                .contains("iron maiden", "megadeth");
        assertThat(catalog.neighbours("Metallica")).extracting(Neighbour::artistKey)
                .doesNotContain("britney spears");
        assertThat(catalog.neighbours("Radiohead")).extracting(Neighbour::artistKey).contains("thom yorke");
    }

    @Test
    void realCatalogRoundTrips(@TempDir Path tmp) throws Exception {
        CatalogStore.write(catalog, tmp);
        Catalog read = CatalogStore.read(tmp);

        assertThat(read.version()).isEqualTo(catalog.version());
        assertThat(new HashSet<>(read.artists())).isEqualTo(new HashSet<>(catalog.artists()));
        assertThat(read.allNeighbours()).isEqualTo(catalog.allNeighbours());
    }
}
