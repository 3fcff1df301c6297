package io.tastestream.trainer.evaluate;

import io.tastestream.core.dataset.HetRecFiles;
import java.nio.file.Path;

/**
 * Hand-made datasets whose splits were worked out by hand (hash residues from
 * {@code int.from_bytes(sha256(f"{u}:{a}".encode())[:8], "big") % 5}):
 * <pre>
 * user 10: artists 1 2 3 4 5 6 → residues 0 4 2 1 4 2 → test {1}, train {2 3 4 5 6}
 * user 20: artists 1 2 3       → fewer than 5 rows: all training (its (20, 2) has residue 0 but does not count)
 * user 30: artists 1 2 3 4 5   → residues 2 2 3 0 4 → test {4}, train {1 2 3 5}
 * user 40: artists 6 7         → all training
 * </pre>
 * Training popularity: 1→2 (20, 30), 2→3, 3→3, 4→1 (10), 5→2, 6→2 (10, 40), 7→1, 8→0, 50→0.
 */
final class SmallData {
    private SmallData() {}

    static Path random(Path dir) {
        return new HetRecFiles(dir)
                .artists("1\tA1\t\t", "2\tA2\t\t", "3\tA3\t\t", "4\tA4\t\t", "5\tA5\t\t", "6\tA6\t\t", "7\tA7\t\t",
                        "8\tA8\t\t")
                .tags("100\trock", "200\tjazz")
                .userArtists(
                        "10\t1\t500", "10\t2\t10", "10\t3\t10", "10\t4\t10", "10\t5\t10", "10\t6\t10",
                        "20\t1\t5", "20\t2\t5", "20\t3\t5",
                        "30\t1\t5", "30\t2\t5", "30\t3\t5", "30\t4\t50", "30\t5\t5",
                        "40\t6\t5", "40\t7\t5")
                .tagged(
                        "10\t1\t100\t1\t1\t2009", // of the test pair (10, 1): must not reach training
                        "10\t2\t100\t1\t1\t2009",
                        "30\t4\t200\t1\t1\t2009", // of the test pair (30, 4)
                        "20\t7\t200\t1\t1\t2009",
                        "20\t50\t100\t1\t1\t2009", // artist 50 is not in artists.dat: still an item
                        "20\t99\t100\t1\t1\t2004") // before 2005: dropped, so 99 is no item
                .friends("10\t20", "20\t10")
                .dir();
    }

    /**
     * Tag events around the cutoff 2010-07-01:
     * user 10: 1 on 2009-01-01 (train), 2 on 2010-08-01 (test), 1 again 2010-09-01 (tagged before: not test),
     * 3 on 2010-07-01 (on the cutoff: test) → train {1}, test {2, 3};
     * user 20: 2 in 2004 (dropped) and 2010-08-01 → no training: not counted;
     * user 30: 3 on 2010-01-01 only → no test: not counted.
     */
    static Path time(Path dir) {
        return new HetRecFiles(dir)
                .artists("1\tA1\t\t", "2\tA2\t\t", "3\tA3\t\t", "4\tA4\t\t")
                .tags("100\trock")
                .userArtists("10\t4\t100", "20\t4\t100")
                .tagged(
                        "10\t1\t100\t1\t1\t2009",
                        "10\t2\t100\t1\t8\t2010",
                        "10\t1\t100\t1\t9\t2010",
                        "10\t3\t100\t1\t7\t2010",
                        "20\t2\t100\t5\t5\t2004",
                        "20\t2\t100\t1\t8\t2010",
                        "30\t3\t100\t1\t1\t2010")
                .dir();
    }
}
