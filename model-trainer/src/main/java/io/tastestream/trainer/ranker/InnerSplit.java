package io.tastestream.trainer.ranker;

import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.TagAssignment;
import io.tastestream.core.dataset.UserArtist;
import io.tastestream.trainer.evaluate.Protocol;
import io.tastestream.trainer.evaluate.RandomSplit;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.Splitter;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Where the ranker's labels come from: a split of a split's TRAINING data, never of its test. The ranker learns which
 * held-out training artists its candidates recover, with features computed without them, as evaluation will ask it
 * to recover test artists.
 * <ul>
 * <li>{@code random}: the evaluation's hash rule with a salt, SHA-256("salt:u:a")[0..8] mod 5 == 0, over the training
 * listening rows of users with at least {@link RandomSplit#MIN_ROWS} rows; tag events of held-out pairs go too.</li>
 * <li>{@code time}: the evaluation's own time rule one step earlier: events before (cutoff − {@link #TIME_STEP_MONTHS}
 * months) train, artists first tagged between that and the cutoff are the labels. The training data holds only events
 * before the cutoff, so nothing on or after it can be a label.</li>
 * </ul>
 * The ranker pools several such splits ({@link #all}): two salts under {@code random}, four inner cutoffs under
 * {@code time}; each is built from the evaluation's training data alone, like {@link #of}.
 */
public final class InnerSplit {
    public static final String SALT = "ranker-labels";
    public static final int TIME_STEP_MONTHS = 12;
    /**
     * Under {@code time}, the ranker learns from several inner cutoffs pooled, each this many months before the real
     * one ({@link #TIME_STEP_MONTHS} the earliest): one inner cutoff gave ~235 training and ~44 validation users, too
     * few to learn from or to choose by. Each inner split holds only events before the real cutoff.
     */
    public static final List<Integer> TIME_STEPS_MONTHS = List.of(3, 6, 9, 12);
    /**
     * Under {@code random}, the ranker learns from two inner splits pooled, one per salt (each holds out a different
     * fifth of the training rows): twice the queries of one split, which steadied the early-stopped model (best
     * iteration 9 of one split's 1,185 training users, 29 of two splits' 2,373).
     */
    public static final List<String> RANDOM_SALTS = List.of(SALT, SALT + "-2");

    private InnerSplit() {}

    /**
     * The inner splits the ranker learns from: under {@code random} one hash split per salt of
     * {@link #RANDOM_SALTS}, under {@code time} one per step of {@link #TIME_STEPS_MONTHS}, latest cutoff first.
     */
    public static List<Split> all(Split outer) {
        List<Split> out = new ArrayList<>();
        if (outer.protocol() != Protocol.TIME) {
            for (String salt : RANDOM_SALTS) {
                out.add(random(outer, salt));
            }
            return out;
        }
        for (int months : TIME_STEPS_MONTHS) {
            out.add(Splitter.split(outer.training(), Protocol.TIME, outer.cutoff().minusMonths(months), null));
        }
        return out;
    }

    public static Split of(Split outer) {
        return outer.protocol() == Protocol.TIME
                ? Splitter.split(outer.training(), Protocol.TIME, outer.cutoff().minusMonths(TIME_STEP_MONTHS), null)
                : random(outer, SALT);
    }

    public static boolean isLabelPair(int userId, int artistId) {
        return isLabelPair(SALT, userId, artistId);
    }

    static boolean isLabelPair(String salt, int userId, int artistId) {
        return Long.remainderUnsigned(prefix(salt + ":" + userId + ":" + artistId), RandomSplit.MODULUS) == 0;
    }

    /** Salted hash of a user: which training users validate (early stopping) instead of training the ranker. */
    public static boolean isValidationUser(int userId, int modulus) {
        return Long.remainderUnsigned(prefix("ranker-validation:" + userId), modulus) == 0;
    }

    private static Split random(Split outer, String salt) {
        Dataset data = outer.training();
        Map<Integer, Set<Integer>> rowsOf = new HashMap<>();
        data.userArtists().forEach(r -> rowsOf.computeIfAbsent(r.userId(), u -> new HashSet<>()).add(r.artistId()));
        Set<Long> held = new HashSet<>();
        Map<Integer, TreeSet<Integer>> train = new TreeMap<>();
        Map<Integer, TreeSet<Integer>> labels = new TreeMap<>();
        List<UserArtist> listening = new ArrayList<>();
        for (UserArtist r : data.userArtists()) {
            if (rowsOf.get(r.userId()).size() >= RandomSplit.MIN_ROWS && isLabelPair(salt, r.userId(), r.artistId())) {
                held.add(pair(r.userId(), r.artistId()));
                labels.computeIfAbsent(r.userId(), u -> new TreeSet<>()).add(r.artistId());
            }
        }
        for (UserArtist r : data.userArtists()) {
            if (!held.contains(pair(r.userId(), r.artistId()))) {
                listening.add(r);
                train.computeIfAbsent(r.userId(), u -> new TreeSet<>()).add(r.artistId());
            }
        }
        List<TagAssignment> tags = data.tagAssignments().stream()
                .filter(t -> !held.contains(pair(t.userId(), t.artistId()))).toList();
        List<Split.EvalUser> users = new ArrayList<>();
        labels.forEach((u, test) -> {
            TreeSet<Integer> tr = train.get(u);
            if (tr != null && !tr.isEmpty()) {
                users.add(new Split.EvalUser(u, items(tr, outer), items(test, outer)));
            }
        });
        Dataset inner = new Dataset(data.sources(), data.artists(), data.tags(), listening, tags, data.friendships(),
                List.of(), List.of());
        return new Split(Protocol.RANDOM, null, outer.items(), outer.itemIndex(), inner, List.copyOf(users));
    }

    private static int[] items(Set<Integer> artistIds, Split outer) {
        return artistIds.stream().mapToInt(outer::indexOf).filter(i -> i >= 0).sorted().toArray();
    }

    private static long pair(int user, int artist) {
        return ((long) user << 32) | (artist & 0xFFFF_FFFFL);
    }

    private static long prefix(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            long p = 0;
            for (int i = 0; i < 8; i++) {
                p = (p << 8) | (d[i] & 0xFF);
            }
            return p;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
