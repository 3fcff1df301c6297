package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.catalog.Neighbour;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Names of the features core's generators and {@link #complete} set, and how a feature reads in an explanation.
 * Generators outside core (model-trainer's EASE, item-kNN, friends) add their own names with the prefixes below.
 */
public final class Features {
    /** Σ share(a)·cosine(a, candidate) over the user's top artists a (co-listen neighbours). */
    public static final String COLISTEN = "colisten";
    /** Largest single co-listen similarity to one of the user's top artists. */
    public static final String COLISTEN_MAX = "colisten_max";
    /** How many of the user's top artists list the candidate as a neighbour. */
    public static final String COLISTEN_SOURCES = "colisten_sources";
    /** The part of {@link #COLISTEN} that comes from artists the user liked. */
    public static final String COLISTEN_LIKED = "colisten_liked";
    /**
     * Σ cos(a, candidate) over ALL the user's top artists a, unweighted: item-kNN over the catalog's neighbour lists.
     * A pair's cosine is known when either artist lists the other (cosine is symmetric), so a niche candidate whose
     * own list names the user's popular artist counts even when that artist's list is full of others.
     */
    public static final String COLISTEN_SUM = "colisten_sum";
    /** {@link #COLISTEN_SUM} divided by the number of the user's top artists. */
    public static final String COLISTEN_SUM_NORM = "colisten_sum_norm";
    /** The candidate's rank by {@link #COLISTEN_SUM} among the user's candidates (1 = highest). */
    public static final String COLISTEN_SUM_RANK = "colisten_sum_rank";
    /**
     * EASE (catalog's {@link io.tastestream.core.catalog.EaseWeights}): Σ B[a, candidate] over ALL the user's top
     * artists a, binary as EASE scores a user. B[a, c] is read from a's row or, cut from it, from c's row (see
     * EaseWeights); a weight in neither row reads 0.
     */
    public static final String EASE = "ease";
    /**
     * Σ share(a)·B[a, candidate], share = a's decayed weight over the total of the user's top artists: EASE weighted
     * by how much and how recently the user listened, so recent taste counts more.
     */
    public static final String EASE_DECAY = "ease_decay";
    /**
     * {@link #EASE} over the largest {@link #EASE} among the user's candidates. EASE's weights shrink with less data
     * (λ is fixed while XᵀX grows with users), so a ranker trained on a smaller catalog than it is served with would
     * misread raw values; relative ones and ranks carry over. The raw sums stay on candidates, out of {@link #CORE}.
     */
    public static final String EASE_REL = "ease_rel";
    /** {@link #EASE_DECAY} over the largest {@link #EASE_DECAY} among the user's candidates (see {@link #EASE_REL}). */
    public static final String EASE_DECAY_REL = "ease_decay_rel";
    /** The candidate's rank by {@link #EASE} among the user's candidates (1 = highest). */
    public static final String EASE_RANK = "ease_rank";
    /** The candidate's rank by {@link #EASE_DECAY} among the user's candidates (1 = highest). */
    public static final String EASE_DECAY_RANK = "ease_decay_rank";
    /** Σ share(g)·tagShare(candidate, g) over the user's top tags g, for popular artists of those tags. */
    public static final String TAG_MATCH = "tag_match";
    /** Cosine between the user's decayed tag vector and the candidate's tag vector. */
    public static final String TAG_COSINE = "tag_cosine";
    /** Listeners relative to the most listened artist of the catalog. */
    public static final String POPULARITY = "popularity";
    /** ln(1 + listeners). */
    public static final String LOG_LISTENERS = "log_listeners";
    /** How many distinct artists the user's taste holds (context: a light listener's evidence is thinner). */
    public static final String USER_ARTISTS = "user_artists";
    /** ln(1 + events folded into the user's taste). */
    public static final String USER_LOG_EVENTS = "user_log_events";

    /**
     * What every core generator plus {@link #complete} may set: all that serving can compute from a taste snapshot
     * and the catalog, so the most a served model may read.
     */
    public static final List<String> CORE = List.of(COLISTEN, COLISTEN_MAX, COLISTEN_SOURCES, COLISTEN_LIKED,
            COLISTEN_SUM, COLISTEN_SUM_NORM, COLISTEN_SUM_RANK, EASE_REL, EASE_DECAY_REL, EASE_RANK,
            EASE_DECAY_RANK,
            TAG_MATCH, TAG_COSINE, POPULARITY, LOG_LISTENERS, USER_ARTISTS, USER_LOG_EVENTS);

    /** The schema's features core cannot compute (empty when a ranker reading it can be served), in schema order. */
    public static List<String> notComputable(FeatureSchema schema) {
        return schema.names().stream().filter(n -> !CORE.contains(n)).toList();
    }

    /** How a feature's contribution reads to a person. */
    public enum Reason { CO_LISTEN, TAGS, FRIENDS, POPULARITY }

    private Features() {}

    /** Reason of a feature by its name: co-listen-like evidence, tags, friends, or else popularity. */
    public static Reason reasonOf(String feature) {
        if (feature.startsWith("colisten") || feature.startsWith("ease") || feature.startsWith("itemknn")) {
            return Reason.CO_LISTEN;
        }
        if (feature.startsWith("tag")) {
            return Reason.TAGS;
        }
        if (feature.startsWith("friends")) {
            return Reason.FRIENDS;
        }
        return Reason.POPULARITY;
    }

    /** The user's top tags as shares of their total decayed tag weight, by tag key. */
    public static Map<String, Double> tagShares(TasteSnapshot taste) {
        double total = taste.topTags().stream().mapToDouble(Weighted::weight).sum();
        Map<String, Double> shares = new HashMap<>();
        for (Weighted t : taste.topTags()) {
            shares.merge(KeyCache.tagKey(t.name()), total == 0 ? 0 : t.weight() / total, Double::sum);
        }
        return shares;
    }

    /** Cosine of the user's tag shares with the artist's tag weights (0 when either has none). */
    public static double tagCosine(Map<String, Double> userTagShares, double userNorm, CatalogArtist artist) {
        double dot = 0;
        double norm = 0;
        for (WeightedTag t : artist.tags()) {
            norm += t.weight() * t.weight();
            dot += t.weight() * userTagShares.getOrDefault(KeyCache.tagKey(t.tag()), 0.0);
        }
        return norm == 0 || userNorm == 0 ? 0 : dot / (Math.sqrt(norm) * userNorm);
    }

    public static double norm(Map<String, Double> v) {
        return Math.sqrt(v.values().stream().mapToDouble(x -> x * x).sum());
    }

    /** Features every candidate gets whichever generator found it: its popularity, tag match and user context. */
    static void complete(Iterable<Candidate> candidates, TasteSnapshot taste, Catalog catalog) {
        Map<String, Double> shares = tagShares(taste);
        double userNorm = norm(shares);
        double userArtists = taste.topArtists().size();
        double userEvents = Math.log1p(taste.eventsApplied());
        // the user's top artists' neighbour lists by neighbour key, for the symmetric co-listen sum
        Map<String, Map<String, Double>> forward = new HashMap<>();
        for (Weighted a : taste.topArtists()) {
            Map<String, Double> sims = new HashMap<>();
            for (Neighbour n : catalog.allNeighbours().getOrDefault(KeyCache.key(a.name()), List.of())) {
                sims.put(n.artistKey(), n.similarity());
            }
            forward.putIfAbsent(KeyCache.key(a.name()), sims);
        }
        List<Candidate> all = new ArrayList<>();
        for (Candidate c : candidates) {
            all.add(c);
            // only the user's artists among the candidate's own neighbours: a few entries, however long the list
            Map<String, Double> own = new HashMap<>();
            for (Neighbour n : catalog.allNeighbours().getOrDefault(c.artist().key(), List.of())) {
                if (forward.containsKey(n.artistKey())) {
                    own.put(n.artistKey(), n.similarity());
                }
            }
            double sum = 0;
            for (Map.Entry<String, Map<String, Double>> a : forward.entrySet()) {
                Double sim = a.getValue().get(c.artist().key());
                sum += sim != null ? sim : own.getOrDefault(a.getKey(), 0.0);
            }
            c.set(COLISTEN_SUM, sum);
            c.set(COLISTEN_SUM_NORM, forward.isEmpty() ? 0 : sum / forward.size());
            c.set(POPULARITY, catalog.popularity(c.artist()));
            c.set(LOG_LISTENERS, Math.log1p(c.artist().listeners()));
            c.set(TAG_COSINE, tagCosine(shares, userNorm, c.artist()));
            c.set(USER_ARTISTS, userArtists);
            c.set(USER_LOG_EVENTS, userEvents);
        }
        EaseSums ease = EaseSums.of(taste, catalog);
        for (Candidate c : all) {
            ease.set(c);
        }
        rank(all, COLISTEN_SUM, COLISTEN_SUM_RANK);
        rank(all, EASE, EASE_RANK);
        relative(all, EASE, EASE_REL);
        rank(all, EASE_DECAY, EASE_DECAY_RANK);
        relative(all, EASE_DECAY, EASE_DECAY_REL);
    }

    /** Sets {@code relFeature} to {@code by} over its largest value among the candidates (0 when none is positive). */
    private static void relative(List<Candidate> all, String by, String relFeature) {
        double max = 0;
        for (Candidate c : all) {
            max = Math.max(max, c.feature(by));
        }
        for (Candidate c : all) {
            c.set(relFeature, max > 0 ? c.feature(by) / max : 0);
        }
    }

    /** Sets {@code rankFeature} to each candidate's 1-based rank by {@code by}, highest first, ties by key. */
    private static void rank(List<Candidate> all, String by, String rankFeature) {
        all.sort(Comparator.comparingDouble((Candidate c) -> c.feature(by)).reversed()
                .thenComparing(c -> c.artist().key()));
        for (int i = 0; i < all.size(); i++) {
            all.get(i).set(rankFeature, i + 1);
        }
    }
}
