package io.tastestream.ingest.synthetic;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The genres of the synthetic catalog, each with the descriptive tags its artists may also carry. One genre has
 * Latin-1 accents on purpose, so tags.dat (ISO-8859-1) is exercised the way the real HetRec file is.
 */
final class Genres {
    private Genres() {}

    static final Map<String, List<String>> SECONDARY_TAGS = secondary();
    static final List<String> ALL = List.copyOf(SECONDARY_TAGS.keySet());

    private static Map<String, List<String>> secondary() {
        Map<String, List<String>> m = new LinkedHashMap<>();
        m.put("post-rock", List.of("instrumental", "atmospheric", "experimental", "ambient"));
        m.put("shoegaze", List.of("dream pop", "atmospheric", "noise", "indie"));
        m.put("techno", List.of("electronic", "minimal", "dance", "industrial"));
        m.put("house", List.of("electronic", "dance", "deep house", "disco"));
        m.put("jazz", List.of("instrumental", "smooth jazz", "bebop", "soul"));
        m.put("hip-hop", List.of("rap", "underground", "soul", "dance"));
        m.put("metal", List.of("heavy", "doom", "industrial", "noise"));
        m.put("folk", List.of("acoustic", "singer-songwriter", "indie", "female vocalists"));
        m.put("synthpop", List.of("electronic", "80s", "new wave", "dance"));
        m.put("classical", List.of("instrumental", "piano", "baroque", "ambient"));
        m.put("reggae", List.of("dub", "ska", "roots", "soul"));
        m.put("chanson française", List.of("acoustic", "singer-songwriter", "cabaret", "accordéon"));
        return m;
    }

    /** Every tag the catalog can use, genres first, each once, in a fixed order (tags.dat ids follow it). */
    static List<String> allTags() {
        Set<String> tags = new LinkedHashSet<>(ALL);
        SECONDARY_TAGS.values().forEach(tags::addAll);
        return List.copyOf(tags);
    }
}
