package io.tastestream.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.taste.TasteState;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Explanations follow the ranker's per-feature contributions, whatever ranker it is. */
class ContributionExplanationTest {

    /** Scores by one feature only; its contribution is the whole score. */
    record OneFeatureRanker(String feature) implements Ranker {
        @Override
        public FeatureSchema schema() {
            return new FeatureSchema("one-" + feature, List.of(feature, Features.COLISTEN));
        }

        @Override
        public String version() {
            return "one-" + feature;
        }

        @Override
        public double[] score(double[][] rows) {
            return java.util.Arrays.stream(rows).mapToDouble(r -> r[0]).toArray();
        }

        @Override
        public double[][] contributions(double[][] rows) {
            return java.util.Arrays.stream(rows).map(r -> new double[] {r[0], 0, 0}).toArray(double[][]::new);
        }
    }

    @Test
    void theFeatureThatDroveTheScoreNamesTheUsersOwnTagsOrArtists() {
        Catalog catalog = RecommenderTest.twoScenes();
        TasteSnapshot taste = RecommenderTest.afterPlays(new TasteState(), catalog, "ana", "Mogwai", "Mogwai");

        Recommendations byTags = new Recommender(catalog, new OneFeatureRanker(Features.TAG_COSINE), 3,
                CandidateGenerators.wide()).recommend(taste, RecommenderTest.T0);
        assertThat(byTags.modelVersion()).isEqualTo("test-catalog/one-tag_cosine");
        assertThat(byTags.items().get(0).reason()).startsWith("matches tags you play most lately: ")
                .containsAnyOf("post-rock", "instrumental");

        Recommendations byCoListen = new Recommender(catalog, new OneFeatureRanker(Features.COLISTEN_MAX), 3,
                CandidateGenerators.wide()).recommend(taste, RecommenderTest.T0);
        assertThat(byCoListen.items().get(0).artist()).isEqualTo("Explosions in the Sky");
        assertThat(byCoListen.items().get(0).reason()).startsWith("listened to by fans of Mogwai");
    }

    @Test
    void schemaBuildsVectorsInItsOwnOrderAndReadsMissingFeaturesAsZero() {
        Candidate c = new Candidate(RecommenderTest.twoScenes().artist("Mono").orElseThrow())
                .add(Features.COLISTEN, 0.25).add(Features.COLISTEN, 0.5).max(Features.COLISTEN_MAX, 0.4);
        FeatureSchema schema = new FeatureSchema("v", List.of(Features.COLISTEN_MAX, "unset", Features.COLISTEN));
        assertThat(schema.vector(c)).containsExactly(0.4, 0.0, 0.75);
    }
}
