package io.tastestream.trainer.ranker;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.dataset.UserArtist;
import io.tastestream.core.progress.Progress;
import io.tastestream.core.ranker.ScenesData;
import io.tastestream.trainer.evaluate.Protocol;
import io.tastestream.trainer.evaluate.RandomSplit;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.Splitter;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leakage guard: the ranker's labels come from the evaluation's training data, never from its test split. */
class InnerSplitTest {
    @TempDir
    Path tmp;

    @Test
    void randomLabelsAreTrainingPairsOnlyAndLeaveTheInnerTraining() throws Exception {
        Dataset data = HetRecReader.read(List.of(ScenesData.write(tmp)), Progress.NONE);
        Split outer = Splitter.split(data, Protocol.RANDOM, null, null);
        Split inner = InnerSplit.of(outer);
        Set<Long> outerTest = new HashSet<>();
        for (Split.EvalUser u : outer.users()) {
            for (int i : u.testItems()) {
                outerTest.add(pair(u.userId(), outer.items()[i]));
            }
        }
        Set<Long> outerTrain = new HashSet<>();
        outer.training().userArtists().forEach(r -> outerTrain.add(pair(r.userId(), r.artistId())));
        Set<Long> innerTrain = new HashSet<>();
        inner.training().userArtists().forEach(r -> innerTrain.add(pair(r.userId(), r.artistId())));
        inner.training().tagAssignments().forEach(t -> innerTrain.add(pair(t.userId(), t.artistId())));
        int labels = 0;
        for (Split.EvalUser u : inner.users()) {
            for (int i : u.testItems()) {
                long p = pair(u.userId(), inner.items()[i]);
                labels++;
                assertThat(outerTest).as("label pair is an evaluation test pair").doesNotContain(p);
                assertThat(outerTrain).as("label pair comes from evaluation training").contains(p);
                assertThat(innerTrain).as("label pair stays out of the features' data").doesNotContain(p);
                assertThat(InnerSplit.isLabelPair(u.userId(), inner.items()[i])).isTrue();
            }
        }
        assertThat(labels).isGreaterThan(50);
        // a different salt than the evaluation's: the labels are not just the test rule again
        long sameAsTestRule = outer.training().userArtists().stream()
                .filter(r -> InnerSplit.isLabelPair(r.userId(), r.artistId()))
                .filter(r -> RandomSplit.isTestPair(r.userId(), r.artistId())).count();
        assertThat(sameAsTestRule).isLessThan(labels);
        for (UserArtist r : outer.training().userArtists()) {
            assertThat(outerTest).doesNotContain(pair(r.userId(), r.artistId()));
        }
    }

    @Test
    void timeLabelsLieBeforeTheEvaluationCutoff() throws Exception {
        Dataset data = HetRecReader.read(List.of(ScenesData.write(tmp)), Progress.NONE);
        LocalDate cutoff = LocalDate.of(2009, 7, 1);
        Split outer = Splitter.split(data, Protocol.TIME, cutoff, null);
        Split inner = InnerSplit.of(outer);
        assertThat(inner.cutoff()).isEqualTo(cutoff.minusMonths(InnerSplit.TIME_STEP_MONTHS));
        assertThat(outer.training().tagAssignments()).allMatch(t -> t.date().isBefore(cutoff));
        assertThat(inner.training().tagAssignments()).allMatch(t -> t.date().isBefore(inner.cutoff()));
        Set<Long> outerTest = new HashSet<>();
        for (Split.EvalUser u : outer.users()) {
            for (int i : u.testItems()) {
                outerTest.add(pair(u.userId(), outer.items()[i]));
            }
        }
        for (Split.EvalUser u : inner.users()) {
            for (int i : u.testItems()) {
                assertThat(outerTest).doesNotContain(pair(u.userId(), inner.items()[i]));
            }
        }
    }

    /**
     * The pooled splits the ranker learns from: under {@code time} one per inner cutoff, each holding only events
     * before its own cutoff and labels before the evaluation's; under {@code random} one per salt, with different
     * labels, none an evaluation test pair.
     */
    @Test
    void pooledSplitsStayInsideTheTrainingData() throws Exception {
        Dataset data = HetRecReader.read(List.of(ScenesData.write(tmp)), Progress.NONE);
        LocalDate cutoff = LocalDate.of(2009, 7, 1);
        Split outer = Splitter.split(data, Protocol.TIME, cutoff, null);
        List<Split> inners = InnerSplit.all(outer);
        assertThat(inners).extracting(Split::cutoff).containsExactly(cutoff.minusMonths(3), cutoff.minusMonths(6),
                cutoff.minusMonths(9), cutoff.minusMonths(12));
        for (Split inner : inners) {
            assertThat(inner.training().tagAssignments()).allMatch(t -> t.date().isBefore(inner.cutoff()));
            Set<Long> outerTest = new HashSet<>();
            outer.users().forEach(u -> {
                for (int i : u.testItems()) {
                    outerTest.add(pair(u.userId(), outer.items()[i]));
                }
            });
            for (Split.EvalUser u : inner.users()) {
                for (int i : u.testItems()) {
                    assertThat(outerTest).doesNotContain(pair(u.userId(), inner.items()[i]));
                }
            }
        }

        Split random = Splitter.split(data, Protocol.RANDOM, null, null);
        List<Split> salted = InnerSplit.all(random);
        assertThat(salted).hasSize(InnerSplit.RANDOM_SALTS.size()).hasSizeGreaterThan(1);
        Set<Long> outerTest = new HashSet<>();
        random.users().forEach(u -> {
            for (int i : u.testItems()) {
                outerTest.add(pair(u.userId(), random.items()[i]));
            }
        });
        List<Set<Long>> labelsPerSalt = new java.util.ArrayList<>();
        for (Split inner : salted) {
            Set<Long> labels = new HashSet<>();
            for (Split.EvalUser u : inner.users()) {
                for (int i : u.testItems()) {
                    labels.add(pair(u.userId(), inner.items()[i]));
                }
            }
            assertThat(labels).isNotEmpty().doesNotContainAnyElementsOf(outerTest);
            Set<Long> features = new HashSet<>();
            inner.training().userArtists().forEach(r -> features.add(pair(r.userId(), r.artistId())));
            assertThat(features).doesNotContainAnyElementsOf(labels);
            labelsPerSalt.add(labels);
        }
        assertThat(labelsPerSalt.get(0)).isNotEqualTo(labelsPerSalt.get(1));
        // the first salt is the single split's
        assertThat(labelsPerSalt.get(0)).allMatch(p -> InnerSplit.isLabelPair((int) (p >> 32), (int) (long) p));
    }

    private static long pair(int user, int artist) {
        return ((long) user << 32) | (artist & 0xFFFF_FFFFL);
    }
}
