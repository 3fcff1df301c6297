package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.EaseWeights;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The user's EASE scores from the catalog's truncated rows: for a candidate c, Σ B[a, c] over the user's top artists
 * a ({@link Features#EASE}) and Σ share(a)·B[a, c] ({@link Features#EASE_DECAY}). B[a, c] comes from a's row when it
 * lists c, else from c's own row when that lists a (B[a, c] = B[c, a]·P[a, a]/P[c, c]), else 0.
 */
final class EaseSums {
    /** A user artist with an EASE row: its share of the user's artist weight and its row by target key. */
    record Source(String key, String name, double share, EaseWeights row, Map<String, Float> byKey) {}

    private final Catalog catalog;
    private final Map<String, Source> sources;

    private EaseSums(Catalog catalog, Map<String, Source> sources) {
        this.catalog = catalog;
        this.sources = sources;
    }

    /** Shares are over all the user's top artists, with an EASE row or not, as the co-listen generator counts. */
    static EaseSums of(TasteSnapshot taste, Catalog catalog) {
        Map<String, Source> sources = new LinkedHashMap<>();
        if (!catalog.hasEase()) {
            return new EaseSums(catalog, sources);
        }
        List<Weighted> artists = taste.topArtists();
        double total = artists.stream().mapToDouble(Weighted::weight).sum();
        for (Weighted a : artists) {
            String key = KeyCache.key(a.name());
            EaseWeights row = catalog.ease(key);
            if (row == null || sources.containsKey(key)) {
                continue;
            }
            Map<String, Float> byKey = new HashMap<>(row.size() * 2);
            for (int i = 0; i < row.size(); i++) {
                byKey.put(row.keys().get(i), row.weights()[i]);
            }
            sources.put(key, new Source(key, a.name(), total == 0 ? 0 : a.weight() / total, row, byKey));
        }
        return new EaseSums(catalog, sources);
    }

    Collection<Source> sources() {
        return sources.values();
    }

    boolean isSource(String artistKey) {
        return sources.containsKey(artistKey);
    }

    /** Sets {@link Features#EASE} and {@link Features#EASE_DECAY} on the candidate. */
    void set(Candidate c) {
        double binary = 0;
        double decayed = 0;
        String key = c.artist().key();
        EaseWeights own = null;
        Map<String, Float> reverse = null;
        for (Source s : sources.values()) {
            Float w = s.byKey().get(key);
            double b = 0;
            if (w != null) {
                b = w;
            } else {
                if (reverse == null) {
                    own = catalog.ease(key);
                    reverse = own == null ? Map.of() : sourcesIn(own);
                }
                Float r = reverse.get(s.key());
                if (r != null) {
                    b = s.row().reverse(r, own);
                }
            }
            binary += b;
            decayed += s.share() * b;
        }
        c.set(Features.EASE, binary);
        c.set(Features.EASE_DECAY, decayed);
    }

    /** Only the user's artists among a candidate's row: a few entries, however long the row. */
    private Map<String, Float> sourcesIn(EaseWeights own) {
        Map<String, Float> out = new HashMap<>();
        for (int i = 0; i < own.size(); i++) {
            if (sources.containsKey(own.keys().get(i))) {
                out.put(own.keys().get(i), own.weights()[i]);
            }
        }
        return out;
    }
}
