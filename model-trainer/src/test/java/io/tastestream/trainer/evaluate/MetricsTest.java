package io.tastestream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class MetricsTest {
    private static final double LOG2_3 = Math.log(3) / Math.log(2);
    private static final double LOG2_5 = Math.log(5) / Math.log(2);

    private final Split.EvalUser user = new Split.EvalUser(1, new int[] {0}, new int[] {2, 3, 7});
    private final int[] ranked = {5, 2, 9, 3};

    @Test
    void recallIsHitsOverTestSize() {
        assertThat(Metrics.recall(ranked, user, 10)).isCloseTo(2.0 / 3, within(1e-12));
        assertThat(Metrics.recall(ranked, user, 2)).isCloseTo(1.0 / 3, within(1e-12));
        assertThat(Metrics.recall(ranked, user, 1)).isZero();
    }

    @Test
    void ndcgIsBinaryWithIdealOverMinOfKAndTestSize() {
        // hits at positions 2 and 4; ideal: 3 test items in the first 3 positions
        double dcg = 1 / LOG2_3 + 1 / LOG2_5;
        assertThat(Metrics.ndcg(ranked, user, 10)).isCloseTo(dcg / (1 + 1 / LOG2_3 + 0.5), within(1e-12));
        // K = 2: only position 2 counts; ideal over min(2, 3) = 2 positions
        assertThat(Metrics.ndcg(ranked, user, 2)).isCloseTo((1 / LOG2_3) / (1 + 1 / LOG2_3), within(1e-12));
    }

    @Test
    void averagesOverUsers() {
        Metrics.Accumulator acc = new Metrics.Accumulator();
        acc.add(ranked, user);
        acc.add(new int[] {7, 3, 2}, user);
        assertThat(acc.users()).isEqualTo(2);
        assertThat(acc.means()).containsOnlyKeys("recall@10", "recall@20", "recall@50", "ndcg@10", "ndcg@20",
                "ndcg@50");
        assertThat(acc.means().get("recall@10")).isCloseTo((2.0 / 3 + 1) / 2, within(1e-12));
        assertThat(acc.means().get("ndcg@50")).isCloseTo(
                ((1 / LOG2_3 + 1 / LOG2_5) / (1 + 1 / LOG2_3 + 0.5) + 1) / 2, within(1e-12));
    }

    @Test
    void topKBreaksTiesByLowerIndexAndSkipsTrainingItems() {
        double[] scores = {1, 3, 3, 0, 5, 3};
        assertThat(TopK.select(scores, new int[] {4}, 3)).containsExactly(1, 2, 5);
        assertThat(TopK.select(scores, new int[] {}, 10)).containsExactly(4, 1, 2, 5, 0, 3);
    }
}
