package io.tastestream.core.catalog;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import java.util.List;

/**
 * An artist the recommender can suggest.
 *
 * @param key       {@link Names#key} of the name
 * @param listeners how many users of the training data listened to it (popularity)
 * @param tags      its tags, heaviest first, with weights as counted in the data
 */
public record CatalogArtist(String key, String name, long listeners, List<WeightedTag> tags) {
    public CatalogArtist {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("catalog artist needs a name");
        }
        key = key == null || key.isBlank() ? Names.key(name) : key;
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    public static CatalogArtist of(String name, long listeners, List<WeightedTag> tags) {
        return new CatalogArtist(Names.key(name), name, listeners, tags);
    }

    /** This artist's weight for a tag key, as a share of all its tag weight (0 when it does not carry the tag). */
    public double tagShare(String tagKey) {
        double total = 0;
        double match = 0;
        for (WeightedTag t : tags) {
            total += t.weight();
            if (Names.tagKey(t.tag()).equals(tagKey)) {
                match += t.weight();
            }
        }
        return total == 0 ? 0 : match / total;
    }
}
