package io.tastestream.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The serving-side item-kNN feature: Σ cosine over all the user's artists, from either artist's neighbour list. */
class ColistenSumTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    @Test
    void sumsCosinesFromBothListsOverAllTheUsersArtistsAndRanksByIt() {
        List<CatalogArtist> artists = List.of(
                CatalogArtist.of("Popular A", 500, List.of()), CatalogArtist.of("B", 50, List.of()),
                CatalogArtist.of("Niche C", 3, List.of()), CatalogArtist.of("D", 40, List.of()));
        // A's list does not name C (it is full of others), but C's own list names A: the pair's cosine is known
        Map<String, List<Neighbour>> neighbours = Map.of(
                "popular a", List.of(new Neighbour("d", 0.5)),
                "b", List.of(new Neighbour("niche c", 0.4), new Neighbour("d", 0.1)),
                "niche c", List.of(new Neighbour("popular a", 0.3), new Neighbour("b", 0.4)));
        Catalog catalog = Catalog.of("t", artists, neighbours);
        TasteSnapshot taste = new TasteSnapshot(TasteSnapshot.CURRENT_VERSION, "u", T0, 10, List.of(),
                List.of(new Weighted("Popular A", 9), new Weighted("B", 1)), List.of(), List.of(), List.of(),
                List.of(), new Trigger(Trigger.Kind.PLAY, ItemRef.artist("B"), T0), 10);

        Map<String, Candidate> byKey = new java.util.HashMap<>();
        new Recommender(catalog, new LinearRanker(), 5, List.of(CandidateGenerators.coListen(10)))
                .candidates(taste).forEach(c -> byKey.put(c.artist().key(), c));

        assertThat(byKey.get("niche c").feature(Features.COLISTEN_SUM)).isCloseTo(0.3 + 0.4, within(1e-12));
        assertThat(byKey.get("niche c").feature(Features.COLISTEN_SUM_NORM)).isCloseTo(0.35, within(1e-12));
        assertThat(byKey.get("d").feature(Features.COLISTEN_SUM)).isCloseTo(0.5 + 0.1, within(1e-12));
        assertThat(byKey.get("niche c").feature(Features.COLISTEN_SUM_RANK)).isLessThan(
                byKey.get("d").feature(Features.COLISTEN_SUM_RANK));
        // unweighted, unlike colisten, which weighs by the user's share of each artist
        assertThat(byKey.get("d").feature(Features.COLISTEN)).isCloseTo(0.9 * 0.5 + 0.1 * 0.1, within(1e-12));
    }

    @Test
    void aRankerReadingFeaturesCoreCannotComputeIsNamed() {
        FeatureSchema schema = new FeatureSchema("x", List.of(Features.COLISTEN_SUM, "friends_count", "itemknn"));
        assertThat(Features.notComputable(schema)).containsExactly("friends_count", "itemknn");
        assertThat(Features.notComputable(new FeatureSchema("y", Features.CORE))).isEmpty();
    }
}
