package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
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

    /** What every core generator plus {@link #complete} may set. */
    public static final List<String> CORE = List.of(COLISTEN, COLISTEN_MAX, COLISTEN_SOURCES, COLISTEN_LIKED,
            TAG_MATCH, TAG_COSINE, POPULARITY, LOG_LISTENERS, USER_ARTISTS, USER_LOG_EVENTS);

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
        for (Candidate c : candidates) {
            c.set(POPULARITY, catalog.popularity(c.artist()));
            c.set(LOG_LISTENERS, Math.log1p(c.artist().listeners()));
            c.set(TAG_COSINE, tagCosine(shares, userNorm, c.artist()));
            c.set(USER_ARTISTS, userArtists);
            c.set(USER_LOG_EVENTS, userEvents);
        }
    }
}
