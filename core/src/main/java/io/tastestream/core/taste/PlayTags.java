package io.tastestream.core.taste;

import io.tastestream.core.event.WeightedTag;
import java.util.ArrayList;
import java.util.List;

/**
 * The tags an event is applied with: its artist's, and, when the track has tags of its own (Last.fm's track top
 * tags: "melancholic" on one song of a rock band), the track's as well, each set given half of the event's weight.
 * A set alone gets all of it. Tags in both sets simply appear twice (the taste adds the shares by tag key).
 */
public final class PlayTags {
    private PlayTags() {}

    public static List<WeightedTag> of(List<WeightedTag> artistTags, List<WeightedTag> trackTags) {
        double artistTotal = TasteState.sumOfWeights(artistTags);
        double trackTotal = TasteState.sumOfWeights(trackTags);
        if (trackTotal <= 0) {
            return artistTags;
        }
        if (artistTotal <= 0) {
            return trackTags;
        }
        List<WeightedTag> both = new ArrayList<>(artistTags.size() + trackTags.size());
        for (WeightedTag t : artistTags) {
            both.add(new WeightedTag(t.tag(), 0.5 * t.weight() / artistTotal));
        }
        for (WeightedTag t : trackTags) {
            both.add(new WeightedTag(t.tag(), 0.5 * t.weight() / trackTotal));
        }
        return List.copyOf(both);
    }
}
