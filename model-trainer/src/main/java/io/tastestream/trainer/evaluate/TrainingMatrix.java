package io.tastestream.trainer.evaluate;

import io.tastestream.core.dataset.UserArtist;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * The binary user × artist training matrix every baseline reads: a 1 where the split's training interactions pair
 * the user and the artist (listening rows under {@code random}, tag-event pairs under {@code time}), in both
 * orientations, sparse. Rows are users in ascending id order, columns item indices of the split.
 */
public final class TrainingMatrix {
    private final int[] userIds;
    private final Map<Integer, Integer> rowOfUser;
    private final int[][] itemsOfRow;
    private final int[][] rowsOfItem;

    private TrainingMatrix(int[] userIds, Map<Integer, Integer> rowOfUser, int[][] itemsOfRow, int[][] rowsOfItem) {
        this.userIds = userIds;
        this.rowOfUser = rowOfUser;
        this.itemsOfRow = itemsOfRow;
        this.rowsOfItem = rowsOfItem;
    }

    public static TrainingMatrix of(Split split) {
        long[] pairs = new long[split.training().userArtists().size()];
        int n = 0;
        for (UserArtist r : split.training().userArtists()) {
            int item = split.indexOf(r.artistId());
            pairs[n++] = ((long) r.userId() << 32) | item;
        }
        Arrays.sort(pairs, 0, n);
        long[] distinct = Arrays.stream(pairs, 0, n).distinct().toArray();
        int[] userIds = Arrays.stream(distinct).mapToInt(p -> (int) (p >> 32)).distinct().toArray();
        Map<Integer, Integer> rowOfUser = new HashMap<>();
        for (int r = 0; r < userIds.length; r++) {
            rowOfUser.put(userIds[r], r);
        }
        int[] rowSize = new int[userIds.length];
        int[] itemSize = new int[split.itemCount()];
        for (long p : distinct) {
            rowSize[rowOfUser.get((int) (p >> 32))]++;
            itemSize[(int) p]++;
        }
        int[][] itemsOfRow = new int[userIds.length][];
        int[][] rowsOfItem = new int[split.itemCount()][];
        for (int r = 0; r < userIds.length; r++) {
            itemsOfRow[r] = new int[rowSize[r]];
            rowSize[r] = 0;
        }
        for (int i = 0; i < rowsOfItem.length; i++) {
            rowsOfItem[i] = new int[itemSize[i]];
            itemSize[i] = 0;
        }
        // pairs are sorted by user then item, so both orientations come out sorted
        for (long p : distinct) {
            int r = rowOfUser.get((int) (p >> 32));
            int i = (int) p;
            itemsOfRow[r][rowSize[r]++] = i;
            rowsOfItem[i][itemSize[i]++] = r;
        }
        return new TrainingMatrix(userIds, Map.copyOf(rowOfUser), itemsOfRow, rowsOfItem);
    }

    public int rows() {
        return userIds.length;
    }

    public int items() {
        return rowsOfItem.length;
    }

    public int userIdOfRow(int row) {
        return userIds[row];
    }

    /** The user's training items, ascending; empty for a user without training interactions. */
    public int[] itemsOfUser(int userId) {
        Integer r = rowOfUser.get(userId);
        return r == null ? new int[0] : itemsOfRow[r];
    }

    public int[] itemsOfRow(int row) {
        return itemsOfRow[row];
    }

    /** Rows (users) with the item in training, ascending. */
    public int[] rowsOfItem(int item) {
        return rowsOfItem[item];
    }

    /** Number of training users of the item. */
    public int users(int item) {
        return rowsOfItem[item].length;
    }
}
