package io.tastestream.trainer.ranker;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.Friendship;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.recommend.Candidate;
import io.tastestream.core.recommend.CandidateGenerator;
import io.tastestream.core.recommend.CandidateGenerators;
import io.tastestream.core.recommend.Features;
import io.tastestream.trainer.baselines.ItemKnnModel;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TrainingMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Generators that need more than a taste snapshot and a catalog: item-kNN over the user's whole training history,
 * and friends' listening (user_friends). They read one split's TRAINING interactions only, and know users by the
 * snapshot's user id. They run after core's generators and also set their features on candidates those proposed, so
 * every candidate carries every feature.
 */
public final class SplitGenerators {
    public static final String ITEMKNN = "itemknn";
    public static final String ITEMKNN_NORM = "itemknn_norm";
    public static final String ITEMKNN_RANK = "itemknn_rank";
    public static final String FRIENDS_COUNT = "friends_count";
    public static final String FRIENDS_SHARE = "friends_share";
    public static final int ITEMKNN_CANDIDATES = 100;
    public static final int FRIENDS_CANDIDATES = 30;

    /** Everything a trained ranker reads: core's features then these, in this order. */
    public static final List<String> FEATURES;

    static {
        List<String> f = new ArrayList<>(Features.CORE);
        f.addAll(List.of(ITEMKNN, ITEMKNN_NORM, ITEMKNN_RANK, FRIENDS_COUNT, FRIENDS_SHARE));
        FEATURES = List.copyOf(f);
    }

    private final Split split;
    private final TrainingMatrix matrix;
    private final Catalog catalog;
    private final ItemKnnModel itemKnn;
    private final CatalogArtist[] artistOfItem;
    private final Map<String, Integer> itemOfKey;
    private final Map<Integer, int[]> friendsOf;

    public SplitGenerators(Split split, TrainingMatrix matrix, Catalog catalog) {
        this.split = split;
        this.matrix = matrix;
        this.catalog = catalog;
        this.itemKnn = new ItemKnnModel(matrix);
        Dataset training = split.training();
        artistOfItem = new CatalogArtist[split.itemCount()];
        Map<String, Integer> keys = new HashMap<>();
        for (int i = 0; i < artistOfItem.length; i++) {
            artistOfItem[i] = catalog.artist(training.artistName(split.items()[i])).orElse(null);
            if (artistOfItem[i] != null) {
                keys.putIfAbsent(artistOfItem[i].key(), i);
            }
        }
        itemOfKey = Map.copyOf(keys);
        Map<Integer, TreeSet<Integer>> friends = new TreeMap<>();
        for (Friendship f : training.friendships()) {
            if (f.userId() != f.friendId()) {
                friends.computeIfAbsent(f.userId(), u -> new TreeSet<>()).add(f.friendId());
                friends.computeIfAbsent(f.friendId(), u -> new TreeSet<>()).add(f.userId());
            }
        }
        Map<Integer, int[]> fo = new HashMap<>();
        friends.forEach((u, set) -> fo.put(u, set.stream().mapToInt(Integer::intValue).toArray()));
        friendsOf = Map.copyOf(fo);
    }

    /** Core's wide pool, then item-kNN and friends. */
    public List<CandidateGenerator> all() {
        List<CandidateGenerator> out = new ArrayList<>(CandidateGenerators.wide());
        out.add(this::itemKnn);
        out.add(this::friends);
        return out;
    }

    public Catalog catalog() {
        return catalog;
    }

    private static int userId(TasteSnapshot taste) {
        try {
            return Integer.parseInt(taste.userId());
        } catch (NumberFormatException e) {
            return Integer.MIN_VALUE;
        }
    }

    /** The item-kNN score of every item; proposes the best {@link #ITEMKNN_CANDIDATES} the user does not know. */
    private void itemKnn(TasteSnapshot taste, Catalog c, Map<String, Candidate> out) {
        int user = userId(taste);
        int[] known = matrix.itemsOfUser(user);
        if (known.length == 0) {
            return;
        }
        double[] s = itemKnn.scores(new Split.EvalUser(user, known, new int[0]));
        int[] top = io.tastestream.trainer.evaluate.TopK.select(s, known, ITEMKNN_CANDIDATES);
        for (int rank = 0; rank < top.length; rank++) {
            int i = top[rank];
            if (s[i] > 0 && artistOfItem[i] != null) {
                Candidate cand = Candidate.in(out, artistOfItem[i]).set(ITEMKNN_RANK, rank + 1);
                // the user's artists most similar to it, for "fans of …"
                for (int k : known) {
                    double sim = itemKnn.similarity(k, i);
                    if (sim > 0 && artistOfItem[k] != null) {
                        cand.becauseOfArtist(artistOfItem[k].name(), sim, false);
                    }
                }
            }
        }
        for (Candidate cand : out.values()) {
            Integer i = itemOfKey.get(cand.artist().key());
            double v = i == null ? 0 : s[i];
            cand.set(ITEMKNN, v).set(ITEMKNN_NORM, v / known.length);
            if (cand.feature(ITEMKNN_RANK) == 0) {
                cand.set(ITEMKNN_RANK, ITEMKNN_CANDIDATES + 1);
            }
        }
    }

    /** How many of the user's friends listen to each artist; proposes the {@link #FRIENDS_CANDIDATES} most shared. */
    private void friends(TasteSnapshot taste, Catalog c, Map<String, Candidate> out) {
        int user = userId(taste);
        int[] friends = friendsOf.getOrDefault(user, new int[0]);
        if (friends.length == 0) {
            return;
        }
        int[] count = new int[split.itemCount()];
        Map<Integer, List<Integer>> whoOf = new HashMap<>();
        for (int f : friends) {
            for (int i : matrix.itemsOfUser(f)) {
                count[i]++;
                whoOf.computeIfAbsent(i, k -> new ArrayList<>()).add(f);
            }
        }
        double[] score = new double[count.length];
        for (int i = 0; i < count.length; i++) {
            score[i] = count[i];
        }
        int[] known = matrix.itemsOfUser(user);
        for (int i : io.tastestream.trainer.evaluate.TopK.select(score, known, FRIENDS_CANDIDATES)) {
            if (count[i] > 0 && artistOfItem[i] != null) {
                Candidate cand = Candidate.in(out, artistOfItem[i]);
                for (int f : whoOf.get(i)) {
                    cand.becauseOfFriend(Integer.toString(f), 1);
                }
            }
        }
        for (Candidate cand : out.values()) {
            Integer i = itemOfKey.get(cand.artist().key());
            int n = i == null ? 0 : count[i];
            cand.set(FRIENDS_COUNT, n).set(FRIENDS_SHARE, (double) n / friends.length);
            if (n > 0 && cand.becauseOfFriends().isEmpty()) {
                whoOf.get(i).forEach(f -> cand.becauseOfFriend(Integer.toString(f), 1));
            }
        }
    }

    /** The item index of a candidate's artist, or -1 when it is not in the split's universe. */
    public int itemOf(Candidate c) {
        return itemOfKey.getOrDefault(Names.key(c.artist().key()), -1);
    }
}
