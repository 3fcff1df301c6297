package io.tastestream.trainer.evaluate;

/**
 * The k best items by score, ties broken by the lower item index (= lower artist id), so every run and every tool
 * ranks the same way. Excluded items (the user's training artists) are skipped.
 */
public final class TopK {
    private TopK() {}

    /** @param excluded ascending item indices not to rank */
    public static int[] select(double[] scores, int[] excluded, int k) {
        int[] top = new int[Math.min(k, scores.length)];
        int size = 0;
        int e = 0;
        for (int item = 0; item < scores.length; item++) {
            while (e < excluded.length && excluded[e] < item) {
                e++;
            }
            if (e < excluded.length && excluded[e] == item) {
                continue;
            }
            double s = scores[item];
            // items arrive in ascending index order: on an equal score the one already kept wins
            if (size == top.length && !(s > scores[top[size - 1]])) {
                continue;
            }
            int pos = size == top.length ? size - 1 : size++;
            while (pos > 0 && s > scores[top[pos - 1]]) {
                top[pos] = top[pos - 1];
                pos--;
            }
            top[pos] = item;
        }
        return size == top.length ? top : java.util.Arrays.copyOf(top, size);
    }
}
