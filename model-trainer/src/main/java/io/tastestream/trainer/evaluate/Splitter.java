package io.tastestream.trainer.evaluate;

import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.TagAssignment;
import io.tastestream.core.dataset.UserArtist;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Splits a dataset by the {@code evaluate} contract.
 * <ul>
 * <li>{@code random}: for an evaluated user with at least {@link RandomSplit#MIN_ROWS} listening rows, (u, a) is a test
 * pair iff {@link RandomSplit#isTestPair}. Training = every other listening row of every user, and every tag event
 * except those of test pairs.</li>
 * <li>{@code time}: interactions are tag events (the reader already dropped years before 2005). Training = events
 * before the cutoff; the test set of u = artists u first tagged on or after the cutoff and never before it.</li>
 * </ul>
 * Items = every artist in artists.dat or seen in the data. A user counts only with at least one training and one test
 * artist.
 */
public final class Splitter {
    public static final LocalDate DEFAULT_CUTOFF = LocalDate.of(2010, 7, 1);

    private Splitter() {}

    /**
     * @param evalUsers user ids to evaluate, or null for all
     * @param cutoff    used by {@code time} only
     */
    public static Split split(Dataset data, Protocol protocol, LocalDate cutoff, Set<Integer> evalUsers) {
        TreeSet<Integer> ids = new TreeSet<>(data.artists().keySet());
        data.userArtists().forEach(r -> ids.add(r.artistId()));
        data.tagAssignments().forEach(r -> ids.add(r.artistId()));
        int[] items = ids.stream().mapToInt(Integer::intValue).toArray();
        Map<Integer, Integer> itemIndex = new HashMap<>();
        for (int i = 0; i < items.length; i++) {
            itemIndex.put(items[i], i);
        }
        List<UserArtist> trainListening = new ArrayList<>();
        List<TagAssignment> trainTags = new ArrayList<>();
        // user → artist ids, sorted for determinism
        Map<Integer, TreeSet<Integer>> trainArtists = new TreeMap<>();
        Map<Integer, TreeSet<Integer>> testArtists = new TreeMap<>();
        LocalDate usedCutoff = null;
        switch (protocol) {
            case RANDOM -> {
                Map<Integer, Set<Integer>> rowsOf = new HashMap<>();
                data.userArtists().forEach(r -> rowsOf.computeIfAbsent(r.userId(), u -> new HashSet<>())
                        .add(r.artistId()));
                Set<Long> testPairs = new HashSet<>();
                for (UserArtist r : data.userArtists()) {
                    boolean evaluated = evalUsers == null || evalUsers.contains(r.userId());
                    if (evaluated && rowsOf.get(r.userId()).size() >= RandomSplit.MIN_ROWS
                            && RandomSplit.isTestPair(r.userId(), r.artistId())) {
                        testPairs.add(pair(r.userId(), r.artistId()));
                        testArtists.computeIfAbsent(r.userId(), u -> new TreeSet<>()).add(r.artistId());
                    } else {
                        trainListening.add(r);
                        trainArtists.computeIfAbsent(r.userId(), u -> new TreeSet<>()).add(r.artistId());
                    }
                }
                for (TagAssignment t : data.tagAssignments()) {
                    if (!testPairs.contains(pair(t.userId(), t.artistId()))) {
                        trainTags.add(t);
                    }
                }
                // a pair listed twice (unioned directories) is a test pair as a whole: no training copy of it
                trainListening.removeIf(r -> testPairs.contains(pair(r.userId(), r.artistId())));
                trainArtists.forEach((u, set) -> set.removeIf(a -> testPairs.contains(pair(u, a))));
            }
            case TIME -> {
                usedCutoff = cutoff == null ? DEFAULT_CUTOFF : cutoff;
                Map<Long, Long> eventsPerPair = new TreeMap<>();
                for (TagAssignment t : data.tagAssignments()) {
                    if (t.date().isBefore(usedCutoff)) {
                        trainTags.add(t);
                        eventsPerPair.merge(pair(t.userId(), t.artistId()), 1L, Long::sum);
                        trainArtists.computeIfAbsent(t.userId(), u -> new TreeSet<>()).add(t.artistId());
                    }
                }
                eventsPerPair.forEach((p, n) -> trainListening.add(new UserArtist((int) (p >> 32), (int) (long) p,
                        n)));
                for (TagAssignment t : data.tagAssignments()) {
                    boolean evaluated = evalUsers == null || evalUsers.contains(t.userId());
                    if (evaluated && !t.date().isBefore(usedCutoff)
                            && !trainArtists.getOrDefault(t.userId(), new TreeSet<>()).contains(t.artistId())) {
                        testArtists.computeIfAbsent(t.userId(), u -> new TreeSet<>()).add(t.artistId());
                    }
                }
            }
        }
        List<Split.EvalUser> users = new ArrayList<>();
        testArtists.forEach((u, test) -> {
            TreeSet<Integer> train = trainArtists.get(u);
            if (train != null && !train.isEmpty() && !test.isEmpty()) {
                users.add(new Split.EvalUser(u, toItems(train, itemIndex), toItems(test, itemIndex)));
            }
        });
        Dataset training = new Dataset(data.sources(), data.artists(), data.tags(), trainListening, trainTags,
                data.friendships(), List.of(), List.of());
        return new Split(protocol, usedCutoff, items, Map.copyOf(itemIndex), training, List.copyOf(users));
    }

    private static long pair(int user, int artist) {
        return ((long) user << 32) | (artist & 0xFFFF_FFFFL);
    }

    private static int[] toItems(Set<Integer> artistIds, Map<Integer, Integer> itemIndex) {
        return artistIds.stream().mapToInt(itemIndex::get).sorted().toArray();
    }
}
