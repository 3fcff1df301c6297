package io.tastestream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.dataset.HetRecFiles;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.dataset.TagAssignment;
import io.tastestream.core.dataset.UserArtist;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitterTest {
    @TempDir
    Path tmp;

    @Test
    void hashMembershipMatchesThePythonFormula() {
        // residues computed with int.from_bytes(sha256(f"{u}:{a}".encode())[:8], "big") % 5
        assertThat(RandomSplit.isTestPair(10, 1)).isTrue();
        assertThat(RandomSplit.isTestPair(30, 4)).isTrue();
        assertThat(RandomSplit.isTestPair(20, 2)).isTrue();
        assertThat(RandomSplit.isTestPair(10, 2)).isFalse();
        assertThat(RandomSplit.isTestPair(30, 1)).isFalse();
        // sha256("1:1")[:8] = 15471431920398990283 > 2^63 (negative as a signed long); unsigned it is 3 mod 5
        assertThat(RandomSplit.isTestPair(1, 1)).isFalse();
    }

    @Test
    void randomSplitByHand() throws Exception {
        Split split = Splitter.split(HetRecReader.read(SmallData.random(tmp)), Protocol.RANDOM, null, null);

        assertThat(split.items()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8, 50);
        assertThat(split.users()).extracting(Split.EvalUser::userId).containsExactly(10, 30);
        Split.EvalUser u10 = split.users().get(0);
        assertThat(artists(split, u10.testItems())).containsExactly(1);
        assertThat(artists(split, u10.trainItems())).containsExactly(2, 3, 4, 5, 6);
        Split.EvalUser u30 = split.users().get(1);
        assertThat(artists(split, u30.testItems())).containsExactly(4);
        assertThat(artists(split, u30.trainItems())).containsExactly(1, 2, 3, 5);

        // leakage guard: no test pair in the training listening or tag events
        assertThat(split.training().userArtists()).extracting(UserArtist::userId, UserArtist::artistId)
                .doesNotContain(org.assertj.core.groups.Tuple.tuple(10, 1), org.assertj.core.groups.Tuple.tuple(30, 4))
                .contains(org.assertj.core.groups.Tuple.tuple(20, 2));
        assertThat(split.training().userArtists()).hasSize(16 - 2);
        assertThat(split.training().tagAssignments()).extracting(TagAssignment::userId, TagAssignment::artistId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(10, 2),
                        org.assertj.core.groups.Tuple.tuple(20, 7), org.assertj.core.groups.Tuple.tuple(20, 50));
    }

    @Test
    void evalUsersLimitWhoIsTestedAndEveryoneElseTrains() throws Exception {
        Path held = new HetRecFiles(tmp.resolve("held")).userArtists("30\t4\t1").dir();
        Set<Integer> only = EvalUsers.read(held);
        Split split = Splitter.split(HetRecReader.read(SmallData.random(tmp.resolve("d"))), Protocol.RANDOM, null,
                only);

        assertThat(only).containsExactly(30);
        assertThat(split.users()).extracting(Split.EvalUser::userId).containsExactly(30);
        // user 10 is not evaluated, so its hashed-out pair trains
        assertThat(TrainingMatrix.of(split).users(split.indexOf(1))).isEqualTo(3);
    }

    @Test
    void timeSplitByHand() throws Exception {
        Split split = Splitter.split(HetRecReader.read(SmallData.time(tmp)), Protocol.TIME, LocalDate.of(2010, 7, 1),
                null);

        assertThat(split.users()).extracting(Split.EvalUser::userId).containsExactly(10);
        Split.EvalUser u10 = split.users().get(0);
        assertThat(artists(split, u10.trainItems())).containsExactly(1);
        assertThat(artists(split, u10.testItems())).containsExactly(2, 3);
        // training = tag events before the cutoff only, and its pairs are the binary matrix (no listening rows)
        assertThat(split.training().tagAssignments()).allMatch(t -> t.date().isBefore(LocalDate.of(2010, 7, 1)));
        assertThat(split.training().userArtists()).extracting(UserArtist::userId, UserArtist::artistId)
                .containsExactlyInAnyOrder(org.assertj.core.groups.Tuple.tuple(10, 1),
                        org.assertj.core.groups.Tuple.tuple(30, 3));
    }

    @Test
    void anEarlierCutoffMovesEventsToTest() throws Exception {
        Split split = Splitter.split(HetRecReader.read(SmallData.time(tmp)), Protocol.TIME, LocalDate.of(2010, 1, 1),
                null);
        // user 30's only event (2010-01-01) is now on the cutoff: test, but no training → not counted;
        // user 10 keeps 1 in training (2009) and has 2 and 3 as test
        assertThat(split.users()).extracting(Split.EvalUser::userId).containsExactly(10);
        assertThat(artists(split, split.users().get(0).testItems())).containsExactly(2, 3);
    }

    private static List<Integer> artists(Split split, int[] items) {
        return Arrays.stream(items).map(i -> split.items()[i]).boxed().toList();
    }
}
