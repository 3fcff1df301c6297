package io.tastestream.trainer.catalog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecFiles;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.progress.Progress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CatalogBuilderTest {
    static final Clock CLOCK = Clock.fixed(Instant.parse("2026-03-01T12:34:56Z"), ZoneOffset.UTC);
    static final String ARTISTS = "1\tAlpha\t\t\n2\tBeta\t\t\n3\tGamma\t\t\n4\tDelta\t\t\n5\tEpsilon\t\t";

    @TempDir
    Path tmp;

    Dataset read(HetRecFiles files) throws Exception {
        return HetRecReader.read(files.dir());
    }

    /**
     * u1, u2: Alpha, Beta; u3: Alpha, Gamma, Epsilon; u4: Beta, Gamma; u5: Delta. Listeners: Alpha 3, Beta 3,
     * Gamma 2, Delta 1, Epsilon 1. Weights vary on purpose: the matrix is binary. u4's Beta row is repeated: one
     * listener still.
     */
    Dataset fiveUsers() throws Exception {
        return read(new HetRecFiles(tmp.resolve("five")).artists(ARTISTS).userArtists(
                "1\t1\t500", "1\t2\t1", "2\t1\t7", "2\t2\t9000", "3\t1\t1", "3\t3\t2", "3\t5\t3",
                "4\t2\t40", "4\t2\t40", "4\t3\t40", "5\t4\t100"));
    }

    /**
     * EASE rows cover the artists with at least two listeners (Alpha, Beta, Gamma), keep the K largest positive
     * weights, largest first, and K = 0 fits no EASE at all.
     */
    @Test
    void easeRowsKeepTheLargestWeightsOfCoveredArtists() throws Exception {
        Dataset d = fiveUsers();
        Catalog wide = CatalogBuilder.build(d, 30, 10, 1.0, CLOCK, Progress.NONE);
        Catalog narrow = CatalogBuilder.build(d, 30, 1, 1.0, CLOCK, Progress.NONE);
        Catalog none = CatalogBuilder.build(d, 30, 0, 1.0, CLOCK, Progress.NONE);

        assertThat(wide.allEase()).containsOnlyKeys("alpha", "beta", "gamma");
        assertThat(wide.manifest().easeLambda()).isEqualTo(1.0);
        for (String key : List.of("alpha", "beta", "gamma")) {
            var row = wide.ease(key);
            assertThat(row.keys()).doesNotContain(key).isSubsetOf("alpha", "beta", "gamma");
            for (int i = 1; i < row.size(); i++) {
                assertThat(row.weights()[i]).isLessThanOrEqualTo(row.weights()[i - 1]);
            }
            for (float w : row.weights()) {
                assertThat(w).isPositive();
            }
            assertThat(row.diagonal()).isPositive();
            var top = narrow.ease(key);
            assertThat(top.size()).isLessThanOrEqualTo(1);
            if (row.size() > 0) {
                // Gamma's weights to Alpha and Beta tie (one listener each, symmetric): compare weights, not keys
                assertThat(top.weights()[0]).isCloseTo(row.weights()[0], within(1e-6f));
            }
        }
        // Alpha and Beta share two listeners, Alpha and Gamma one: Beta weighs more in Alpha's row
        assertThat(wide.ease("alpha").keys().get(0)).isEqualTo("beta");
        // P is symmetric, so B[a, b]·P[b, b] = B[b, a]·P[a, a], which is how a cut weight is read back
        var alpha = wide.ease("alpha");
        var beta = wide.ease("beta");
        double ab = alpha.weights()[alpha.keys().indexOf("beta")];
        double ba = beta.weights()[beta.keys().indexOf("alpha")];
        assertThat(ab).isCloseTo(beta.reverse(ba, alpha), within(1e-6));
        assertThat(none.hasEase()).isFalse();
        assertThat(none.manifest().easeWeights()).isZero();
    }

    /**
     * With negative weights kept, each row is the positive-only row followed by its most negative weights (rows stay
     * sorted largest first), and the default build keeps them. A chain (Alpha–Beta, Beta–Gamma, never Alpha with
     * Gamma) gives Alpha and Gamma negative weights for each other: Beta already explains them.
     */
    @Test
    void easeRowsCanKeepTheMostNegativeWeightsToo() throws Exception {
        Dataset d = read(new HetRecFiles(tmp.resolve("chain")).artists(ARTISTS).userArtists(
                "1\t1\t1", "1\t2\t1", "2\t1\t1", "2\t2\t1", "3\t2\t1", "3\t3\t1", "4\t2\t1", "4\t3\t1",
                "5\t1\t1", "6\t3\t1"));
        Catalog positive = CatalogBuilder.build(d, 30, 10, 0, 1.0, 0, CLOCK, Progress.NONE);
        Catalog both = CatalogBuilder.build(d, 30, 10, 10, 1.0, 0, CLOCK, Progress.NONE);
        Catalog defaults = CatalogBuilder.build(d, 30, CLOCK, Progress.NONE);
        int negatives = 0;
        for (String key : List.of("alpha", "beta", "gamma")) {
            var p = positive.ease(key);
            var b = both.ease(key);
            assertThat(b.keys().subList(0, p.size())).isEqualTo(p.keys());
            for (int i = p.size(); i < b.size(); i++) {
                assertThat(b.weights()[i]).isNegative();
                negatives++;
            }
            assertThat(defaults.ease(key).size()).isEqualTo(b.size());
        }
        assertThat(negatives).as("the fixture's rows have negative weights").isPositive();
        assertThat(both.ease("alpha").keys()).endsWith("gamma");
        assertThat(positive.ease("alpha").keys()).doesNotContain("gamma");
        assertThat(defaults.manifest().easeLambda()).isEqualTo(CatalogBuilder.DEFAULT_EASE_LAMBDA);
        assertThat(defaults.manifest().easeDropout()).isEqualTo(CatalogBuilder.DEFAULT_EASE_DROPOUT);
        assertThat(both.manifest().easeDropout()).isZero();
        assertThat(defaults.manifest().easeWeights()).isEqualTo(both.manifest().easeWeights());
    }

    @Test
    void cosineOfTheBriefExample() throws Exception {
        // users {1,2} listen Alpha, Beta; user 3 listens Alpha, Gamma
        Dataset d = read(new HetRecFiles(tmp.resolve("brief")).artists(ARTISTS)
                .userArtists("1\t1\t10", "1\t2\t10", "2\t1\t10", "2\t2\t10", "3\t1\t10", "3\t3\t10"));

        Catalog c = CatalogBuilder.build(d, 30);

        assertThat(c.neighbours("alpha")).singleElement().satisfies(n -> {
            assertThat(n.artistKey()).isEqualTo("beta");
            assertThat(n.similarity()).isCloseTo(2 / Math.sqrt(3 * 2), within(1e-12));
        });
        assertThat(c.neighbours("beta")).extracting(Neighbour::artistKey).containsExactly("alpha");
        // Gamma has one listener: no neighbours, and nobody's neighbour
        assertThat(c.neighbours("gamma")).isEmpty();
    }

    @Test
    void neighboursAreCosineOnTheBinaryMatrixMostSimilarFirst() throws Exception {
        Catalog c = CatalogBuilder.build(fiveUsers(), 30);

        double twoThirds = 2 / Math.sqrt(3 * 3);
        double oneOfSix = 1 / Math.sqrt(3 * 2);
        assertNeighbours(c, "alpha", "beta", twoThirds, "gamma", oneOfSix);
        assertNeighbours(c, "beta", "alpha", twoThirds, "gamma", oneOfSix);
        // equal similarities are ordered by key, as Catalog orders them
        assertNeighbours(c, "gamma", "alpha", oneOfSix, "beta", oneOfSix);
        assertThat(c.neighbours("delta")).isEmpty();
        assertThat(c.neighbours("epsilon")).isEmpty();
        assertThat(c.manifest().neighbourPairs()).isEqualTo(6);
    }

    @Test
    void keepsOnlyTheTopNeighbours() throws Exception {
        Catalog c = CatalogBuilder.build(fiveUsers(), 1);

        assertThat(c.neighbours("alpha")).extracting(Neighbour::artistKey).containsExactly("beta");
        assertThat(c.neighbours("gamma")).extracting(Neighbour::artistKey).containsExactly("alpha");
        assertThat(c.manifest().neighbourPairs()).isEqualTo(3);
        assertThat(CatalogBuilder.build(fiveUsers(), 0).allNeighbours()).isEmpty();
    }

    @Test
    void listenersAreDistinctUsers() throws Exception {
        Catalog c = CatalogBuilder.build(fiveUsers(), 30);

        assertThat(c.artists()).extracting(CatalogArtist::name, CatalogArtist::listeners).containsExactlyInAnyOrder(
                tuple("Alpha", 3L), tuple("Beta", 3L), tuple("Gamma", 2L), tuple("Delta", 1L), tuple("Epsilon", 1L));
        assertThat(c.manifest().artists()).isEqualTo(5);
    }

    @Test
    void tagsAreTheTenMostAssignedWithSpellingsMerged() throws Exception {
        List<String> tags = new ArrayList<>(List.of("1\tHip-Hop", "2\thip hop", "3\tmúsica"));
        List<String> tagged = new ArrayList<>(List.of(
                "1\t1\t1\t1\t1\t2008", "2\t1\t1\t1\t1\t2008", "3\t1\t2\t1\t1\t2008", // hip hop: 3, mostly "Hip-Hop"
                "1\t1\t3\t1\t1\t2008", "2\t1\t3\t1\t1\t2008"));                     // música: 2
        for (int t = 10; t < 20; t++) { // ten tags used once each: only eight fit
            tags.add(t + "\ttag" + t);
            tagged.add("1\t1\t" + t + "\t1\t1\t2009");
        }
        tagged.add("4\t7\t3\t1\t1\t2010"); // artist 7 is tagged only, and missing from artists.dat
        Dataset d = read(new HetRecFiles(tmp.resolve("tags")).artists(ARTISTS).tags(tags.toArray(String[]::new))
                .userArtists("1\t1\t5", "2\t1\t5").tagged(tagged.toArray(String[]::new)));

        Catalog c = CatalogBuilder.build(d, 30);

        List<WeightedTag> alphaTags = c.artist("Alpha").orElseThrow().tags();
        assertThat(alphaTags).hasSize(CatalogBuilder.TAGS_PER_ARTIST).startsWith(
                new WeightedTag("Hip-Hop", 3), new WeightedTag("música", 2), new WeightedTag("tag10", 1));
        assertThat(alphaTags.get(9)).isEqualTo(new WeightedTag("tag17", 1));
        assertThat(c.artistsWithTag("hip hop", 5)).extracting(CatalogArtist::name).containsExactly("Alpha");
        assertThat(c.artist("unknown artist #7")).get().satisfies(a -> {
            assertThat(a.listeners()).isZero();
            assertThat(a.tags()).containsExactly(new WeightedTag("música", 1));
        });
        // only artists that were listened to or tagged
        assertThat(c.artist("Beta")).isEmpty();
    }

    @Test
    void idsWhoseNamesNormaliseAlikeAreOneArtist() throws Exception {
        Dataset d = read(new HetRecFiles(tmp.resolve("dup")).artists("1\tAlpha\t\t", "2\tALPHA\t\t", "3\tBeta\t\t")
                .userArtists("1\t2\t5", "2\t2\t5", "3\t1\t5", "1\t3\t5", "3\t3\t5"));

        Catalog c = CatalogBuilder.build(d, 30);

        // "ALPHA" names it: it has more listeners than "Alpha"
        assertThat(c.artist("alpha")).get().extracting(CatalogArtist::name, CatalogArtist::listeners)
                .containsExactly("ALPHA", 3L);
        assertThat(c.neighbours("beta")).singleElement().satisfies(n -> {
            assertThat(n.artistKey()).isEqualTo("alpha");
            assertThat(n.similarity()).isCloseTo(2 / Math.sqrt(3 * 2), within(1e-12));
        });
    }

    @Test
    void versionIsTimeAndContentHash() throws Exception {
        Dataset d = fiveUsers();
        Catalog c = CatalogBuilder.build(d, 30, CLOCK, Progress.NONE);

        assertThat(c.version()).matches("catalog-20260301-123456-[0-9a-f]{8}");
        assertThat(CatalogBuilder.build(d, 30, CLOCK, Progress.NONE).version()).isEqualTo(c.version());
        assertThat(CatalogBuilder.build(d, 1, CLOCK, Progress.NONE).version()).isNotEqualTo(c.version());
        assertThat(c.manifest().createdAt()).isEqualTo(CLOCK.instant());
        assertThat(c.manifest().source()).isEqualTo(tmp.resolve("five").toString());
    }

    @Test
    void reportsProgressOfReadingAndNeighboursToTheEnd() throws Exception {
        Map<String, long[]> steps = new LinkedHashMap<>(); // task -> {total, advanced}
        Progress recording = (task, total) -> {
            long[] counts = {total, 0};
            steps.put(task, counts);
            return new Progress.Step() {
                @Override
                public void advance(long n) {
                    counts[1] += n;
                }

                @Override
                public void close() {}
            };
        };
        HetRecFiles files = new HetRecFiles(tmp.resolve("p")).artists("1\tSigur Rós\t\t", "2\tMúm\t\t")
                .userArtists("1\t1\t5", "1\t2\t5", "2\t1\t5");

        Dataset d = HetRecReader.read(List.of(files.dir()), recording);
        CatalogBuilder.build(d, 30, CLOCK, recording);

        long bytes = Files.size(files.dir().resolve("artists.dat"))
                + Files.size(files.dir().resolve("user_artists.dat"));
        assertThat(steps).containsOnlyKeys("reading (bytes)", "co-listen neighbours");
        assertThat(steps.get("reading (bytes)")).containsExactly(bytes, bytes);
        assertThat(steps.get("co-listen neighbours")).containsExactly(2, 2);
    }

    private static void assertNeighbours(Catalog c, String key, String first, double firstSimilarity, String second,
                                         double secondSimilarity) {
        List<Neighbour> n = c.neighbours(key);
        assertThat(n).extracting(Neighbour::artistKey).containsExactly(first, second);
        assertThat(n.get(0).similarity()).isCloseTo(firstSimilarity, within(1e-12));
        assertThat(n.get(1).similarity()).isCloseTo(secondSimilarity, within(1e-12));
    }
}
