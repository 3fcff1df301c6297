package io.tastestream.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.EaseWeights;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** EASE features and generator from a hand-made catalog whose values are worked out by hand. */
class EaseFeaturesTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");

    static final List<CatalogArtist> ARTISTS = List.of(
            CatalogArtist.of("A", 10, List.of()), CatalogArtist.of("B", 8, List.of()),
            CatalogArtist.of("C", 5, List.of()), CatalogArtist.of("D", 4, List.of()),
            CatalogArtist.of("E", 3, List.of()));

    /**
     * The user listens to A (weight 3) and B (weight 1): shares 0.75 and 0.25. A's row lists C 0.4 and D 0.1; B's
     * row lists D 0.2 only. E's row lists B 0.2 (B's row was cut before E): B[B, E] = B[E, B]·P[B,B]/P[E,E] =
     * 0.2·0.5/0.25 = 0.4.
     */
    static Catalog catalog() {
        Map<String, EaseWeights> ease = Map.of(
                "a", new EaseWeights(0.1, List.of("c", "d"), new float[] {0.4f, 0.1f}),
                "b", new EaseWeights(0.5, List.of("d"), new float[] {0.2f}),
                "e", new EaseWeights(0.25, List.of("b"), new float[] {0.2f}));
        return Catalog.of("t", ARTISTS, Map.of(), ease, 50);
    }

    static TasteSnapshot taste() {
        return new TasteSnapshot(TasteSnapshot.CURRENT_VERSION, "u", T0, 10, List.of(),
                List.of(new Weighted("A", 3), new Weighted("B", 1)), List.of(), List.of(), List.of(),
                List.of(), new Trigger(Trigger.Kind.PLAY, ItemRef.artist("B"), T0), 10);
    }

    static Map<String, Candidate> candidates(Catalog catalog, List<CandidateGenerator> generators) {
        Map<String, Candidate> byKey = new HashMap<>();
        new Recommender(catalog, new LinearRanker(), 5, generators).candidates(taste())
                .forEach(c -> byKey.put(c.artist().key(), c));
        return byKey;
    }

    @Test
    void sumsRowsOfAllTheUsersArtistsBinaryAndByDecayedShare() {
        Map<String, Candidate> c = candidates(catalog(), List.of(CandidateGenerators.ease(10)));

        // proposed: C and D from the rows of A and B, never A or B themselves; E is in no user row
        assertThat(c).containsOnlyKeys("c", "d");
        assertThat(c.get("c").feature(Features.EASE)).isCloseTo(0.4, within(1e-6));
        assertThat(c.get("c").feature(Features.EASE_DECAY)).isCloseTo(0.75 * 0.4, within(1e-6));
        assertThat(c.get("d").feature(Features.EASE)).isCloseTo(0.1 + 0.2, within(1e-6));
        assertThat(c.get("d").feature(Features.EASE_DECAY)).isCloseTo(0.75 * 0.1 + 0.25 * 0.2, within(1e-6));
        assertThat(c.get("c").feature(Features.EASE_RANK)).isEqualTo(1);
        assertThat(c.get("d").feature(Features.EASE_RANK)).isEqualTo(2);
        assertThat(c.get("c").feature(Features.EASE_DECAY_RANK)).isEqualTo(1);
        assertThat(c.get("d").feature(Features.EASE_DECAY_RANK)).isEqualTo(2);
        // relative to the user's best candidate: scale-free
        assertThat(c.get("c").feature(Features.EASE_REL)).isEqualTo(1);
        assertThat(c.get("d").feature(Features.EASE_REL)).isCloseTo(0.3 / 0.4, within(1e-6));
        assertThat(c.get("d").feature(Features.EASE_DECAY_REL)).isCloseTo(0.125 / 0.3, within(1e-6));
        // "fans of A" for C
        assertThat(c.get("c").becauseOfArtists()).containsOnlyKeys("A");
    }

    @Test
    void aWeightCutFromTheUsersRowIsReadFromTheCandidatesRow() {
        // co-listen proposes nothing here; tag popularity is empty: propose E through a generator of our own
        CandidateGenerator proposeE = (taste, catalog, out) -> Candidate.in(out, catalog.artist("E").orElseThrow());
        Map<String, Candidate> c = candidates(catalog(), List.of(proposeE));

        assertThat(c.get("e").feature(Features.EASE)).isCloseTo(0.2 * 0.5 / 0.25, within(1e-6));
        assertThat(c.get("e").feature(Features.EASE_DECAY)).isCloseTo(0.25 * 0.4, within(1e-6));
    }

    @Test
    void aCatalogWithoutEaseProposesNothingAndReadsZero() {
        Catalog plain = Catalog.of("t", ARTISTS, Map.of());
        CandidateGenerator proposeC = (taste, catalog, out) -> Candidate.in(out, catalog.artist("C").orElseThrow());
        Map<String, Candidate> c = candidates(plain, List.of(CandidateGenerators.ease(10), proposeC));

        assertThat(c).containsOnlyKeys("c");
        assertThat(c.get("c").feature(Features.EASE)).isZero();
        assertThat(c.get("c").feature(Features.EASE_DECAY)).isZero();
    }

    @Test
    void servedRankersGetThePoolTheyWereTrainedOn() {
        Ranker withEase = new FixedSchemaRanker(new FeatureSchema("v3", Features.CORE));
        Ranker before = new FixedSchemaRanker(new FeatureSchema("v2", List.of(Features.COLISTEN_SUM)));
        assertThat(CandidateGenerators.forRanker(withEase)).hasSize(CandidateGenerators.wide().size());
        assertThat(CandidateGenerators.forRanker(before)).hasSize(CandidateGenerators.wideWithoutEase().size());
        assertThat(CandidateGenerators.wide()).hasSize(CandidateGenerators.wideWithoutEase().size() + 1);
    }

    private record FixedSchemaRanker(FeatureSchema schema) implements Ranker {
        @Override
        public String version() {
            return schema.version();
        }

        @Override
        public double[] score(double[][] rows) {
            return new double[rows.length];
        }

        @Override
        public double[][] contributions(double[][] rows) {
            return new double[rows.length][schema.size() + 1];
        }
    }
}
