package io.tastestream.core.recommend;

import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * {@link Names#key} and {@link Names#tagKey} (Unicode normalisation and regexes) dominated candidate generation, which
 * asks for the same few thousand names again and again. Memoised here, up to a bound so that an unbounded stream of
 * new names cannot grow it without limit (past the bound, keys are computed each time).
 */
final class KeyCache {
    static final int MAX_ENTRIES = 200_000;
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, String> TAG_KEYS = new ConcurrentHashMap<>();

    private KeyCache() {}

    static String key(String name) {
        return cached(KEYS, name, Names::key);
    }

    static String tagKey(String tag) {
        return cached(TAG_KEYS, tag, Names::tagKey);
    }

    /** Same as {@link CatalogArtist#tagShare}, with cached tag keys. */
    static double tagShare(CatalogArtist artist, String tagKey) {
        double total = 0;
        double match = 0;
        for (WeightedTag t : artist.tags()) {
            total += t.weight();
            if (tagKey(t.tag()).equals(tagKey)) {
                match += t.weight();
            }
        }
        return total == 0 ? 0 : match / total;
    }

    private static String cached(Map<String, String> cache, String s, Function<String, String> f) {
        if (s == null) {
            return null;
        }
        String k = cache.get(s);
        if (k == null) {
            k = f.apply(s);
            if (cache.size() < MAX_ENTRIES) {
                cache.put(s, k);
            }
        }
        return k;
    }
}
