package io.tastestream.trainer.baselines;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.dataset.HetRecFiles;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.trainer.evaluate.Protocol;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.Splitter;
import io.tastestream.trainer.evaluate.TrainingMatrix;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each baseline on matrices small enough to work out by hand (every user has < 5 rows, so all of it trains). */
class BaselinesTest {
    @TempDir
    Path tmp;

    /** Users 1 {A1, A2}, 2 {A1, A2, A3}, 3 {A3, A4}, 4 {A4}; artist 5 has no listeners. */
    private Split split() throws Exception {
        Path dir = new HetRecFiles(tmp)
                .artists("1\tA1\t\t", "2\tA2\t\t", "3\tA3\t\t", "4\tA4\t\t", "5\tA5\t\t")
                .tags("100\trock", "200\tjazz")
                .userArtists("1\t1\t1", "1\t2\t1", "2\t1\t1", "2\t2\t1", "2\t3\t1", "3\t3\t1", "3\t4\t1", "4\t4\t1")
                .tagged("1\t1\t100\t1\t1\t2009", "2\t1\t100\t1\t1\t2009", "1\t1\t200\t1\t1\t2009",
                        "1\t2\t100\t1\t1\t2009")
                .dir();
        return Splitter.split(HetRecReader.read(dir), Protocol.RANDOM, null, null);
    }

    private static Split.EvalUser user(TrainingMatrix m, int userId) {
        return new Split.EvalUser(userId, m.itemsOfUser(userId), new int[] {});
    }

    @Test
    void popularityCountsTrainingUsers() throws Exception {
        TrainingMatrix m = TrainingMatrix.of(split());
        assertThat(new PopularityModel(m).scores(user(m, 4))).containsExactly(2, 2, 2, 2, 0);
        // user 4 has A4; ties 2-2-2 go to the lower artist id
        assertThat(new PopularityModel(m).rank(user(m, 4), 3)).containsExactly(0, 1, 2);
    }

    @Test
    void itemKnnIsBinaryCosineWithoutSelfSimilarity() throws Exception {
        TrainingMatrix m = TrainingMatrix.of(split());
        ItemKnnModel knn = new ItemKnnModel(m);
        // A1 and A2 share both their users; A2 and A3 share user 2 of 2×2; A3 and A4 share user 3 of 2×2
        assertThat(knn.similarity(0, 1)).isCloseTo(1.0, within(1e-12));
        assertThat(knn.similarity(1, 2)).isCloseTo(0.5, within(1e-12));
        assertThat(knn.similarity(2, 3)).isCloseTo(0.5, within(1e-12));
        assertThat(knn.similarity(0, 3)).isZero();
        assertThat(knn.similarity(0, 0)).isZero();
        // user 3 {A3, A4}: A1 = cos(A3,A1) = .5, A2 = .5, A3 = cos(A4,A3) = .5 (self 0), A4 = .5
        assertThat(knn.scores(user(m, 3))).containsExactly(new double[] {0.5, 0.5, 0.5, 0.5, 0}, within(1e-12));
        assertThat(knn.rank(user(m, 3), 5)).containsExactly(0, 1, 4);
    }

    @Test
    void tagProfileUsesTfIdfAsSpecified() throws Exception {
        Split split = split();
        TrainingMatrix m = TrainingMatrix.of(split);
        TagProfileCosineModel model = new TagProfileCosineModel(split, m);
        // n = 5 items; rock on A1 twice and A2 once (df 2), jazz on A1 once (df 1)
        double rock = Math.log(6.0 / 3);
        double jazz = Math.log(6.0 / 2);
        double a1Rock = 2 * rock;
        double norm = Math.sqrt(a1Rock * a1Rock + jazz * jazz);
        assertThat(model.vector(0).get(100)).isCloseTo(a1Rock / norm, within(1e-12));
        assertThat(model.vector(0).get(200)).isCloseTo(jazz / norm, within(1e-12));
        assertThat(model.vector(1).get(100)).isCloseTo(1.0, within(1e-12));
        assertThat(model.vector(2)).isEmpty();
        // user 3 {A3, A4}: no tags at all → all zero; user 1 {A1, A2}: profile = mean of the two vectors
        assertThat(model.scores(user(m, 3))).containsOnly(0.0);
        double[] s = model.scores(user(m, 1));
        double profileRock = (a1Rock / norm + 1) / 2;
        double profileJazz = (jazz / norm) / 2;
        assertThat(s[0]).isCloseTo(profileRock * a1Rock / norm + profileJazz * jazz / norm, within(1e-12));
        assertThat(s[1]).isCloseTo(profileRock, within(1e-12));
        assertThat(s[4]).isZero();
    }

    @Test
    void easeMatchesTheClosedForm() throws Exception {
        TrainingMatrix m = TrainingMatrix.of(split());
        double lambda = 1;
        EaseModel ease = new EaseModel(m, lambda);
        // A1..A4 have ≥ 2 users; A5 has none and is left out
        assertThat(ease.coveredItems()).isEqualTo(4);
        double[][] x = {{1, 1, 0, 0}, {1, 1, 1, 0}, {0, 0, 1, 1}, {0, 0, 0, 1}};
        double[][] g = new double[4][4];
        for (double[] row : x) {
            for (int i = 0; i < 4; i++) {
                for (int j = 0; j < 4; j++) {
                    g[i][j] += row[i] * row[j];
                }
            }
        }
        for (int i = 0; i < 4; i++) {
            g[i][i] += lambda;
        }
        double[][] p = invert(g);
        for (int i = 0; i < 4; i++) {
            for (int j = 0; j < 4; j++) {
                double expected = i == j ? 0 : -p[i][j] / p[j][j];
                assertThat(ease.weight(i, j)).as("B[%d][%d]", i, j).isCloseTo(expected, within(1e-9));
            }
        }
        double[] s = ease.scores(user(m, 4));
        assertThat(s[2]).isCloseTo(ease.weight(3, 2), within(1e-12));
        assertThat(s[4]).isEqualTo(Double.NEGATIVE_INFINITY);
    }

    /** Gauss-Jordan with partial pivoting: an independent check of EJML's Cholesky inverse. */
    private static double[][] invert(double[][] a) {
        int n = a.length;
        double[][] m = new double[n][2 * n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(a[i], 0, m[i], 0, n);
            m[i][n + i] = 1;
        }
        for (int c = 0; c < n; c++) {
            int pivot = c;
            for (int r = c + 1; r < n; r++) {
                if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) {
                    pivot = r;
                }
            }
            double[] t = m[c];
            m[c] = m[pivot];
            m[pivot] = t;
            double d = m[c][c];
            for (int k = 0; k < 2 * n; k++) {
                m[c][k] /= d;
            }
            for (int r = 0; r < n; r++) {
                if (r != c) {
                    double f = m[r][c];
                    for (int k = 0; k < 2 * n; k++) {
                        m[r][k] -= f * m[c][k];
                    }
                }
            }
        }
        double[][] inv = new double[n][n];
        for (int i = 0; i < n; i++) {
            System.arraycopy(m[i], n, inv[i], 0, n);
        }
        return inv;
    }
}
