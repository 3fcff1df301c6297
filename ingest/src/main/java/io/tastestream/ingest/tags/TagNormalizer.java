package io.tastestream.ingest.tags;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a source's raw tags into the tags of an item: variants that are one tag by {@link Names#tagKey} ("Hip-Hop",
 * "hip hop", "hip_hop", " HIP  HOP ") become one, with the weight of the strongest variant (they are votes for
 * the same tag; adding them would count some listeners twice) and the spelling of that variant, trimmed and with
 * single spaces, so the taste page can show "Hip-Hop" while every stage keys it as "hip hop".
 */
public final class TagNormalizer {

    /** A tag as the source gave it. */
    public record RawTag(String name, double weight) {}

    private final int maxTags;

    /** @param maxTags how many tags to keep per item, strongest first (Last.fm lists up to 100, the tail is noise) */
    public TagNormalizer(int maxTags) {
        this.maxTags = maxTags;
    }

    public static TagNormalizer standard() {
        return new TagNormalizer(25);
    }

    /** Strongest first; blank names and zero or negative weights dropped. */
    public List<WeightedTag> normalise(List<RawTag> raw) {
        Map<String, RawTag> strongest = new LinkedHashMap<>();
        for (RawTag t : raw) {
            if (t.name() == null || !(t.weight() > 0) || Double.isInfinite(t.weight())) {
                continue;
            }
            String key = Names.tagKey(t.name());
            if (key == null || key.isEmpty()) {
                continue;
            }
            RawTag readable = new RawTag(readable(t.name()), t.weight());
            strongest.merge(key, readable, (a, b) -> b.weight() > a.weight() ? b : a);
        }
        List<RawTag> kept = new ArrayList<>(strongest.values());
        kept.sort(Comparator.comparingDouble(RawTag::weight).reversed()
                .thenComparing(t -> Names.tagKey(t.name())));
        List<WeightedTag> tags = new ArrayList<>();
        for (RawTag t : kept.subList(0, Math.min(maxTags, kept.size()))) {
            tags.add(new WeightedTag(t.name(), t.weight()));
        }
        return tags;
    }

    /** The spelling shown to people: the source's own, trimmed, whitespace runs as one space. */
    static String readable(String name) {
        return java.text.Normalizer.normalize(name, java.text.Normalizer.Form.NFKC).strip().replaceAll("\\s+", " ");
    }
}
