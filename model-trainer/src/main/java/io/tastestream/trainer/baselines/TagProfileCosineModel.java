package io.tastestream.trainer.baselines;

import io.tastestream.core.dataset.TagAssignment;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TrainingMatrix;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Content baseline on training tag events only. An artist's tf-idf vector over tag ids: tf = how many times the tag was
 * assigned to the artist, idf = ln((n+1)/(df+1)) with n the number of ranked items and df the number of artists
 * carrying the tag; then L2-normalised. A user's profile = mean of the normalised vectors of their training artists;
 * score = dot product of the profile with every artist's normalised vector.
 */
public final class TagProfileCosineModel extends ScoringModel {
    public static final String NAME = "tag-profile-cosine";

    private final TrainingMatrix matrix;
    private final int items;
    /** item → (tag → normalised weight), only items with tags. */
    private final Map<Integer, Map<Integer, Double>> vectors;
    /** tag → items carrying it and their normalised weights (an inverted index for scoring). */
    private final Map<Integer, int[]> itemsOfTag = new HashMap<>();
    private final Map<Integer, double[]> weightsOfTag = new HashMap<>();

    public TagProfileCosineModel(Split split, TrainingMatrix matrix) {
        this.matrix = matrix;
        this.items = split.itemCount();
        Map<Integer, Map<Integer, Double>> tf = new TreeMap<>();
        for (TagAssignment t : split.training().tagAssignments()) {
            tf.computeIfAbsent(split.indexOf(t.artistId()), i -> new TreeMap<>()).merge(t.tagId(), 1.0, Double::sum);
        }
        Map<Integer, Integer> df = new HashMap<>();
        tf.values().forEach(v -> v.keySet().forEach(tag -> df.merge(tag, 1, Integer::sum)));
        vectors = new HashMap<>();
        Map<Integer, List<double[]>> postings = new TreeMap<>();
        for (var e : tf.entrySet()) {
            Map<Integer, Double> v = new TreeMap<>();
            double norm = 0;
            for (var t : e.getValue().entrySet()) {
                double w = t.getValue() * Math.log((items + 1.0) / (df.get(t.getKey()) + 1.0));
                v.put(t.getKey(), w);
                norm += w * w;
            }
            double length = Math.sqrt(norm);
            if (length == 0) {
                continue; // only tags every item carries: no direction to compare
            }
            v.replaceAll((tag, w) -> w / length);
            vectors.put(e.getKey(), v);
            v.forEach((tag, w) -> postings.computeIfAbsent(tag, x -> new ArrayList<>())
                    .add(new double[] {e.getKey(), w}));
        }
        postings.forEach((tag, list) -> {
            itemsOfTag.put(tag, list.stream().mapToInt(p -> (int) p[0]).toArray());
            weightsOfTag.put(tag, list.stream().mapToDouble(p -> p[1]).toArray());
        });
    }

    @Override
    public String name() {
        return NAME;
    }

    /** The user's profile: tag → mean normalised weight over their training artists. */
    public Map<Integer, Double> profile(int userId) {
        int[] train = matrix.itemsOfUser(userId);
        Map<Integer, Double> profile = new TreeMap<>();
        for (int i : train) {
            vectors.getOrDefault(i, Map.of()).forEach((tag, w) -> profile.merge(tag, w / train.length, Double::sum));
        }
        return profile;
    }

    @Override
    public double[] scores(Split.EvalUser user) {
        double[] s = new double[items];
        profile(user.userId()).forEach((tag, p) -> {
            int[] is = itemsOfTag.get(tag);
            double[] ws = weightsOfTag.get(tag);
            for (int c = 0; c < is.length; c++) {
                s[is[c]] += p * ws[c];
            }
        });
        return s;
    }

    /** An item's normalised tf-idf vector (tag id → weight), empty without training tags; for tests. */
    public Map<Integer, Double> vector(int item) {
        return vectors.getOrDefault(item, Map.of());
    }
}
