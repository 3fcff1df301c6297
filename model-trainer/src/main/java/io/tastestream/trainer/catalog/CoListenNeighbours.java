package io.tastestream.trainer.catalog;

import io.tastestream.core.progress.Progress;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * Item-item cosine similarity on the binary user × artist matrix: cos(a, b) = |U(a) ∩ U(b)| / sqrt(|U(a)|·|U(b)|),
 * where U(x) is the set of users who listened to x. Sparse: for each artist, walk its users' artists and count
 * co-listeners, so the cost is Σ over users of (artists per user)², not artists².
 */
final class CoListenNeighbours {

    /** A neighbour by artist index. */
    record Entry(int artist, double similarity) {}

    private CoListenNeighbours() {}

    /**
     * @param usersOf      artist index → distinct user indices who listened to it
     * @param artistsOf    user index → distinct artist indices they listened to
     * @param keys         artist index → key, to order equally similar neighbours the way {@code Catalog} does
     * @param k            neighbours kept per artist
     * @param minListeners artists with fewer listeners get no neighbours and are nobody's neighbour: with one
     *                     listener, every co-listen is that one user's whole taste, which says nothing general
     * @return artist index → its top-k neighbours (similarity &gt; 0), most similar first
     */
    static List<List<Entry>> compute(int[][] usersOf, int[][] artistsOf, String[] keys, int k, int minListeners,
                                     Progress progress) {
        int n = usersOf.length;
        List<List<Entry>> out = new ArrayList<>(n);
        int[] coListeners = new int[n];
        int[] touched = new int[n];
        Comparator<Entry> mostSimilarFirst = Comparator.comparingDouble(Entry::similarity).reversed()
                .thenComparing(e -> keys[e.artist()]);
        Comparator<Entry> leastSimilarFirst = mostSimilarFirst.reversed();
        try (Progress.Step step = progress.start("co-listen neighbours", n)) {
            for (int a = 0; a < n; a++) {
                step.advance(1);
                if (k <= 0 || usersOf[a].length < minListeners) {
                    out.add(List.of());
                    continue;
                }
                int touchedCount = 0;
                for (int u : usersOf[a]) {
                    for (int b : artistsOf[u]) {
                        if (b != a && usersOf[b].length >= minListeners && coListeners[b]++ == 0) {
                            touched[touchedCount++] = b;
                        }
                    }
                }
                // a bounded heap, least similar on top: only the k best are kept, so popular artists with
                // thousands of co-listened artists cost no big sort and few allocations
                PriorityQueue<Entry> best = new PriorityQueue<>(k + 1, leastSimilarFirst);
                for (int i = 0; i < touchedCount; i++) {
                    int b = touched[i];
                    double similarity = coListeners[b] / Math.sqrt((double) usersOf[a].length * usersOf[b].length);
                    coListeners[b] = 0;
                    if (best.size() < k) {
                        best.add(new Entry(b, similarity));
                    } else if (similarity >= best.peek().similarity()) {
                        Entry candidate = new Entry(b, similarity);
                        if (mostSimilarFirst.compare(candidate, best.peek()) < 0) {
                            best.poll();
                            best.add(candidate);
                        }
                    }
                }
                Entry[] top = best.toArray(Entry[]::new);
                Arrays.sort(top, mostSimilarFirst);
                out.add(List.of(top));
            }
        }
        return out;
    }
}
