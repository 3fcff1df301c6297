package io.tastestream.trainer.evaluate;

import io.tastestream.core.dataset.Dataset;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * A dataset split for evaluation. Models see only {@link #training()} (and the item universe); the test sets stay
 * here, with the evaluator. That is the leakage guard: nothing a model fits on can contain a test pair.
 *
 * @param protocol   how it was split
 * @param cutoff     the {@code time} protocol's cutoff, null under {@code random}
 * @param items      every rankable artist id, ascending; an item's index in this array is its item index
 * @param training   the training interactions as a dataset: under {@code random} the training listening rows, under
 *                   {@code time} one row per (user, artist) pair of training tag events (weight = its events); and
 *                   the training tag events. Artist and tag tables and friendships are the full ones.
 * @param users      evaluated users with at least one training and one test artist, by user id
 */
public record Split(Protocol protocol, LocalDate cutoff, int[] items, Map<Integer, Integer> itemIndex,
                    Dataset training, List<EvalUser> users) {

    public int itemCount() {
        return items.length;
    }

    /** The item index of an artist id, or -1 when the artist is not in the universe. */
    public int indexOf(int artistId) {
        Integer i = itemIndex.get(artistId);
        return i == null ? -1 : i;
    }

    /**
     * One evaluated user.
     *
     * @param trainItems item indices of the user's training artists, ascending (never ranked for them)
     * @param testItems  item indices of the user's test artists, ascending
     */
    public record EvalUser(int userId, int[] trainItems, int[] testItems) {
        public boolean isTraining(int item) {
            return Arrays.binarySearch(trainItems, item) >= 0;
        }

        public boolean isTest(int item) {
            return Arrays.binarySearch(testItems, item) >= 0;
        }
    }
}
