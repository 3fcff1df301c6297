package io.tastestream.core.taste;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnJre;
import org.junit.jupiter.api.condition.JRE;

/**
 * The snapshot's top-N selection and the recent-plays insertion are faster forms of "sort everything, take the
 * first N": held here to exactly the lists the plain sorts give (names, weights bit for bit, order), over random
 * out-of-order plays with repeated plays, equal weights (ties broken by name) and small bounds.
 */
class TasteStateFastPathsTest {

    @Test
    void topAndRecentPlaysAreWhatSortingEverythingGives() {
        Random random = new Random(7);
        for (int run = 0; run < 40; run++) {
            int topN = 1 + random.nextInt(8);
            int recent = 1 + random.nextInt(6);
            TasteSettings settings = new TasteSettings(HalfLife.of(Duration.ofDays(1 + random.nextInt(30))), 1, 30_000,
                    5, -1, topN, recent, 5 + random.nextInt(30), 5 + random.nextInt(30));
            TasteState state = new TasteState();
            List<RecentPlay> expectedRecent = new ArrayList<>();
            Instant start = Instant.parse("2024-01-01T00:00:00Z");
            for (int i = 0; i < 300; i++) {
                String artist = "Artist " + random.nextInt(40);
                // out of order by up to a day, often on the very same second (ties in recent plays and weights)
                Instant at = start.plusSeconds(i * 600L - random.nextInt(86_400) / 3600 * 3600);
                String track = random.nextInt(5) == 0 ? null : "Track " + random.nextInt(3);
                List<WeightedTag> tags = random.nextInt(4) == 0 ? List.of() : List.of(
                        new WeightedTag("tag-" + random.nextInt(50), 1 + random.nextInt(3)),
                        new WeightedTag("Tag " + random.nextInt(20), 2));
                PlayEvent play = PlayEvent.of("u", artist, track == null ? "t" : track, null, at, 0, "test");
                state.applyPlay(play, tags, settings);
                oldRecentPlays(expectedRecent, new RecentPlay(play.artist(), play.track(), play.playedAt()), recent);

                TasteSnapshot snapshot = state.snapshot("u", null, settings);
                assertThat(snapshot.topTags()).isEqualTo(oldTop(state.tags, state.tagNames, state, settings));
                assertThat(snapshot.topArtists()).isEqualTo(oldTop(state.artists, state.artistNames, state, settings));
                assertThat(snapshot.recentPlays()).isEqualTo(expectedRecent);
            }
        }
    }

    @Test
    void equalWeightsAreOrderedByNameAndCutTheSameWay() {
        TasteSettings settings = new TasteSettings(HalfLife.of(Duration.ofDays(90)), 1, 30_000, 5, -1, 3, 20, 100, 100);
        TasteState state = new TasteState();
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        for (String artist : List.of("e", "b", "d", "a", "c")) {
            state.applyPlay(PlayEvent.of("u", artist, "t", null, at, 0, "test"), List.of(), settings);
        }
        assertThat(state.snapshot("u", null, settings).topArtists()).extracting(Weighted::name)
                .containsExactly("a", "b", "c");
    }

    /** On the JDK the project builds with, whose stream sum older states' shares were computed by. */
    @Test
    @EnabledOnJre(JRE.JAVA_17)
    void theTagWeightSumIsTheStreamSumBitForBit() {
        Random random = new Random(5);
        for (int n = 0; n < 200_000; n++) {
            List<WeightedTag> tags = new ArrayList<>();
            for (int i = random.nextInt(9); i > 0; i--) {
                double w = random.nextInt(3) == 0 ? random.nextInt(100)
                        : random.nextDouble() * Math.pow(10, random.nextInt(10) - 3);
                tags.add(new WeightedTag("t" + i, w));
            }
            double stream = tags.stream().mapToDouble(WeightedTag::weight).sum();
            assertThat(Double.doubleToLongBits(TasteState.sumOfWeights(tags))).as("%s", tags)
                    .isEqualTo(Double.doubleToLongBits(stream));
        }
    }

    @Test
    void kthSmallestIsWhatSortingGives() {
        Random random = new Random(11);
        for (int run = 0; run < 500; run++) {
            double[] values = new double[1 + random.nextInt(40)];
            for (int i = 0; i < values.length; i++) {
                values[i] = random.nextInt(3) == 0 ? random.nextInt(4) : random.nextDouble(); // many ties
            }
            double[] sorted = values.clone();
            java.util.Arrays.sort(sorted);
            for (int k = 0; k < values.length; k++) {
                assertThat(TasteState.kthSmallest(values.clone(), k)).isEqualTo(sorted[k]);
            }
        }
    }

    @Test
    void pruningDropsTheSmallestWeightsAndOnTiesTheSmallestKeys() {
        // bound 10: the 11th artist cuts the map to 9, dropping two
        TasteSettings settings = new TasteSettings(HalfLife.of(Duration.ofDays(90)), 1, 30_000, 5, -1, 3, 20, 100, 10);
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        TasteState byWeight = new TasteState();
        for (int a = 0; a < 11; a++) {
            for (int p = 0; p < (a < 10 ? a + 2 : 1); p++) { // artist 0 twice, artist 1 three times, ... artist 10 once
                byWeight.applyPlay(PlayEvent.of("u", "artist " + a, "t", null, at, 0, "test"), List.of(), settings);
            }
        }
        assertThat(byWeight.artists).hasSize(9).doesNotContainKeys("artist 10", "artist 0");

        TasteState tied = new TasteState();
        for (String artist : List.of("k", "c", "j", "a", "i", "b", "h", "d", "g", "e", "f")) {
            tied.applyPlay(PlayEvent.of("u", artist, "t", null, at, 0, "test"), List.of(), settings);
        }
        assertThat(tied.artists.keySet()).containsExactlyInAnyOrder("c", "d", "e", "f", "g", "h", "i", "j", "k");
        assertThat(tied.artistNames).containsOnlyKeys(tied.artists.keySet());
    }

    @Test
    void recentPlaysSetFromOutsideInAnyOrderAreSortedAsBefore() {
        TasteSettings settings = new TasteSettings(HalfLife.of(Duration.ofDays(90)), 1, 30_000, 5, -1, 3, 3, 100, 100);
        Instant at = Instant.parse("2024-01-01T00:00:00Z");
        List<RecentPlay> unsorted = List.of(new RecentPlay("a", "t", at), new RecentPlay("b", "t", at.plusSeconds(9)),
                new RecentPlay("c", null, at.plusSeconds(5)), new RecentPlay("d", "t", at.plusSeconds(1)));
        TasteState state = new TasteState();
        state.applyPlay(PlayEvent.of("u", "x", "t", null, at, 0, "test"), List.of(), settings);
        state.recentPlays = new ArrayList<>(unsorted); // as a codec sets it
        PlayEvent newest = PlayEvent.of("u", "e", "t", null, at.plusSeconds(60), 0, "test");
        state.applyPlay(newest, List.of(), settings);

        List<RecentPlay> expected = new ArrayList<>(unsorted);
        oldRecentPlays(expected, new RecentPlay("e", "t", newest.playedAt()), 3);
        assertThat(state.recentPlays).isEqualTo(expected);
        assertThat(state.recentPlays).extracting(RecentPlay::artist).containsExactly("e", "b", "c");
    }

    /** What applyPlay did before: append, sort, cut. */
    private static void oldRecentPlays(List<RecentPlay> list, RecentPlay recent, int max) {
        if (!list.contains(recent)) {
            list.add(recent);
            list.sort(Comparator.comparing(RecentPlay::playedAt).reversed()
                    .thenComparing(RecentPlay::artist).thenComparing(r -> r.track() == null ? "" : r.track()));
            while (list.size() > max) {
                list.remove(list.size() - 1);
            }
        }
    }

    /** What snapshot did before: every positive weight sorted, the first topN. */
    private static List<Weighted> oldTop(Map<String, DecayedWeight> weights, Map<String, String> names,
                                         TasteState state, TasteSettings s) {
        return weights.entrySet().stream()
                .map(e -> new Weighted(names.getOrDefault(e.getKey(), e.getKey()),
                        e.getValue().valueAt(state.latestMillis, s.halfLife())))
                .filter(w -> w.weight() > 0)
                .sorted(Comparator.comparingDouble(Weighted::weight).reversed().thenComparing(Weighted::name))
                .limit(s.topN())
                .toList();
    }
}
