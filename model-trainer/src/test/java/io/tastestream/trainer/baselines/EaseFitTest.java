package io.tastestream.trainer.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The two ways to (XᵀX + λI)⁻¹ agree, and a fit takes the cheaper one without changing B. */
class EaseFitTest {

    /** A random sparse binary matrix: {@code users} rows over {@code items} columns, a few items each. */
    static int[][] matrix(int users, int items, long seed) {
        Random random = new Random(seed);
        int[][] rows = new int[users][];
        for (int r = 0; r < users; r++) {
            TreeSet<Integer> set = new TreeSet<>();
            int k = 1 + random.nextInt(8);
            while (set.size() < k) {
                // skewed: low item numbers are popular, as artists are
                set.add((int) Math.min(items - 1, Math.abs(random.nextGaussian()) * items / 3));
            }
            rows[r] = set.stream().mapToInt(Integer::intValue).toArray();
        }
        return rows;
    }

    @Test
    void theUsersInverseEqualsTheItemsInverse() {
        int[][] rows = matrix(30, 80, 7);
        double[] direct = EaseFit.inverseByItems(rows, 80, EaseFit.penalties(rows, 80, 5, 0));
        double[] woodbury = EaseFit.inverseByUsers(rows, 80, EaseFit.penalties(rows, 80, 5, 0));
        for (int i = 0; i < direct.length; i++) {
            assertThat(woodbury[i]).isCloseTo(direct[i], within(1e-12));
        }
    }

    /**
     * EDLAE's penalty λ + p/(1−p)·(users of the item) on the diagonal: both inverses are of XᵀX + Λ (checked by
     * multiplying back), and with p = 0 they are EASE's.
     */
    @Test
    void theDropoutPenaltyIsOnTheDiagonalOfTheInvertedMatrix() {
        int n = 60;
        int[][] rows = matrix(25, n, 11);
        double lambda = 4;
        double dropout = 0.5;
        double[][] system = new double[n][n];
        for (int[] row : rows) {
            for (int a : row) {
                for (int b : row) {
                    system[a][b] += 1;
                }
            }
        }
        double[] expectedPenalty = new double[n];
        for (int d = 0; d < n; d++) {
            expectedPenalty[d] = lambda + dropout / (1 - dropout) * system[d][d];
            system[d][d] += expectedPenalty[d];
        }
        double[] penalty = EaseFit.penalties(rows, n, lambda, dropout);
        assertThat(penalty).containsExactly(expectedPenalty, within(1e-12));
        assertThat(penalty[0]).isGreaterThan(lambda + 1); // item 0 is the most popular: its penalty grew
        double[] direct = EaseFit.inverseByItems(rows, n, penalty);
        double[] woodbury = EaseFit.inverseByUsers(rows, n, penalty);
        for (int a = 0; a < n; a++) {
            for (int b = 0; b < n; b++) {
                assertThat(woodbury[a * n + b]).isCloseTo(direct[a * n + b], within(1e-12));
                double product = 0;
                for (int k = 0; k < n; k++) {
                    product += system[a][k] * woodbury[k * n + b];
                }
                assertThat(product).as("(XᵀX + Λ)·P at %d,%d", a, b).isCloseTo(a == b ? 1 : 0, within(1e-9));
            }
        }
        assertThat(EaseFit.penalties(rows, n, lambda, 0)).containsOnly(lambda);
    }

    @Test
    void moreUsersThanItemsOrFewerGiveTheSameWeights() {
        // 40 users over 25 items (direct) and the same items seen by 10 of them (Woodbury) against the other path
        for (int users : new int[] {40, 10}) {
            int[][] rows = matrix(users, 25, users);
            int[] usersOf = new int[25];
            for (int[] row : rows) {
                for (int i : row) {
                    usersOf[i]++;
                }
            }
            EaseFit fit = new EaseFit(rows, usersOf, 2, 3);
            int n = fit.covered();
            int[][] kept = java.util.Arrays.stream(rows)
                    .map(row -> java.util.Arrays.stream(row).map(fit::column).filter(c -> c >= 0).toArray())
                    .toArray(int[][]::new);
            double[] lambda = EaseFit.penalties(kept, n, 3, 0);
            double[] other = users < n ? EaseFit.inverseByItems(kept, n, lambda)
                    : EaseFit.inverseByUsers(kept, n, lambda);
            for (int a = 0; a < n; a++) {
                for (int b = 0; b < n; b++) {
                    double expected = a == b ? 0 : -other[a * n + b] / other[b * n + b];
                    assertThat(fit.weightAt(a, b)).isCloseTo(expected, within(1e-10));
                }
                assertThat(fit.diagonalAt(a)).isCloseTo(other[a * n + a], within(1e-12));
            }
        }
    }

    /**
     * What a catalog keeps of a row: the k largest positive weights (largest first) and the k most negative (most
     * negative first), each exactly the extremes of the full row, and never the row's own column.
     */
    @Test
    void topAndBottomColumnsAreTheRowsExtremes() {
        int[][] rows = matrix(60, 30, 11);
        int[] usersOf = new int[30];
        for (int[] row : rows) {
            for (int i : row) {
                usersOf[i]++;
            }
        }
        EaseFit fit = new EaseFit(rows, usersOf, 2, 3);
        int n = fit.covered();
        int negativesSeen = 0;
        for (int a = 0; a < n; a++) {
            final int row = a;
            java.util.List<Integer> others = java.util.stream.IntStream.range(0, n).filter(b -> b != row).boxed()
                    .toList();
            java.util.List<Integer> positive = others.stream().filter(b -> fit.weightAt(row, b) > 0)
                    .sorted((x, y) -> Double.compare(fit.weightAt(row, y), fit.weightAt(row, x))).toList();
            java.util.List<Integer> negative = others.stream().filter(b -> fit.weightAt(row, b) < 0)
                    .sorted((x, y) -> Double.compare(fit.weightAt(row, x), fit.weightAt(row, y))).toList();
            int[] top = fit.topColumns(a, 4);
            int[] bottom = fit.bottomColumns(a, 4);
            assertThat(top).hasSize(Math.min(4, positive.size()));
            assertThat(bottom).hasSize(Math.min(4, negative.size()));
            for (int i = 0; i < top.length; i++) {
                assertThat(fit.weightAt(a, top[i])).isEqualTo(fit.weightAt(a, positive.get(i)));
            }
            for (int i = 0; i < bottom.length; i++) {
                assertThat(fit.weightAt(a, bottom[i])).isNegative()
                        .isEqualTo(fit.weightAt(a, negative.get(i)));
            }
            negativesSeen += bottom.length;
        }
        assertThat(negativesSeen).as("the fixture has negative weights to keep").isGreaterThan(0);
    }
}
