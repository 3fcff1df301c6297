package io.tastestream.trainer.evaluate;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * recall@K = hits in the top K / |test|; NDCG@K binary: DCG = Σ over hit positions p (1-based) of 1/log2(p+1), divided
 * by the ideal DCG over min(K, |test|) positions. Both averaged over users.
 */
public final class Metrics {
    public static final int[] CUTOFFS = {10, 20, 50};
    public static final int MAX_K = 50;

    private Metrics() {}

    public static double recall(int[] ranked, Split.EvalUser user, int k) {
        int hits = 0;
        for (int i = 0; i < Math.min(k, ranked.length); i++) {
            if (user.isTest(ranked[i])) {
                hits++;
            }
        }
        return (double) hits / user.testItems().length;
    }

    public static double ndcg(int[] ranked, Split.EvalUser user, int k) {
        double dcg = 0;
        for (int i = 0; i < Math.min(k, ranked.length); i++) {
            if (user.isTest(ranked[i])) {
                dcg += discount(i);
            }
        }
        double ideal = 0;
        for (int i = 0; i < Math.min(k, user.testItems().length); i++) {
            ideal += discount(i);
        }
        return dcg / ideal;
    }

    /** 1/log2(position + 1) for the 0-based index i, i.e. position i + 1. */
    private static double discount(int i) {
        return 1.0 / (Math.log(i + 2) / Math.log(2));
    }

    /** Sums per-user values; {@link #means()} gives the averages in metrics.json's key order. */
    public static final class Accumulator {
        private final double[] recall = new double[CUTOFFS.length];
        private final double[] ndcg = new double[CUTOFFS.length];
        private int users;

        public synchronized void add(int[] ranked, Split.EvalUser user) {
            for (int c = 0; c < CUTOFFS.length; c++) {
                recall[c] += recall(ranked, user, CUTOFFS[c]);
                ndcg[c] += ndcg(ranked, user, CUTOFFS[c]);
            }
            users++;
        }

        public int users() {
            return users;
        }

        /** "recall@10" … "ndcg@50" → mean over users (0 when there are none). */
        public Map<String, Double> means() {
            Map<String, Double> m = new LinkedHashMap<>();
            for (int c = 0; c < CUTOFFS.length; c++) {
                m.put("recall@" + CUTOFFS[c], users == 0 ? 0 : recall[c] / users);
            }
            for (int c = 0; c < CUTOFFS.length; c++) {
                m.put("ndcg@" + CUTOFFS[c], users == 0 ? 0 : ndcg[c] / users);
            }
            return m;
        }
    }
}
