package io.tastestream.taste.testing;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.TasteSettings;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The taste formula computed directly, independently of {@code TasteState}: for each user, tag and artist,
 * Σ wᵢ·2^(−(t−tᵢ)/H) over the user's distinct events, at t = the user's latest event time. Each sum also keeps
 * Σ|wᵢ·2^(−(t−tᵢ)/H)|, the scale a relative tolerance is measured against (skips subtract, so a sum can be near 0).
 */
public final class OfflineTaste {

    /** A sum and the sum of the absolute values of its terms. */
    public record Sum(double value, double scale) {
        static Sum of(double term) {
            return new Sum(term, Math.abs(term));
        }

        Sum plus(Sum other) {
            return new Sum(value + other.value, scale + other.scale);
        }
    }

    public record UserTaste(long latestMillis, long events, Map<String, Sum> tags, Map<String, Sum> artists) {}

    private OfflineTaste() {}

    public static Map<String, UserTaste> compute(TasteStream stream, TasteSettings settings) {
        Map<String, List<WeightedTag>> tagsByArtist = new HashMap<>();
        for (ItemTagsEvent t : stream.artistTags()) {
            tagsByArtist.put(t.item().artistKey(), t.tags());
        }
        Map<String, Long> latest = new HashMap<>();
        Map<String, Long> counts = new HashMap<>();
        for (Object e : stream.distinctEvents()) {
            latest.merge(TasteStream.userId(e), TasteStream.eventTime(e).toEpochMilli(), Math::max);
            counts.merge(TasteStream.userId(e), 1L, Long::sum);
        }
        Map<String, Map<String, Sum>> tags = new TreeMap<>();
        Map<String, Map<String, Sum>> artists = new TreeMap<>();
        for (Object e : stream.distinctEvents()) {
            String user = TasteStream.userId(e);
            String artist;
            double w;
            if (e instanceof PlayEvent p) {
                artist = p.artist();
                w = settings.playWeight(p.msPlayed());
            } else {
                FeedbackEvent f = (FeedbackEvent) e;
                artist = f.item().artist();
                w = switch (f.type()) {
                    case LIKE -> settings.likeWeight();
                    case SKIP -> settings.skipWeight();
                    default -> 0;
                };
                if (w == 0) {
                    continue;
                }
            }
            double decay = Math.pow(2.0, -(double) (latest.get(user) - TasteStream.eventTime(e).toEpochMilli())
                    / settings.halfLife().millis());
            artists.computeIfAbsent(user, u -> new HashMap<>()).merge(Names.key(artist), Sum.of(w * decay),
                    Sum::plus);
            List<WeightedTag> artistTags = tagsByArtist.getOrDefault(Names.key(artist), List.of());
            double total = artistTags.stream().mapToDouble(WeightedTag::weight).sum();
            for (WeightedTag tag : artistTags) {
                double term = w * tag.weight() / total * decay;
                tags.computeIfAbsent(user, u -> new HashMap<>()).merge(Names.tagKey(tag.tag()),
                        Sum.of(term), Sum::plus);
            }
        }
        Map<String, UserTaste> result = new TreeMap<>();
        for (String user : latest.keySet()) {
            result.put(user, new UserTaste(latest.get(user), counts.get(user),
                    tags.getOrDefault(user, Map.of()), artists.getOrDefault(user, Map.of())));
        }
        return result;
    }

    /**
     * Asserts that a snapshot (taken with a top-N above the number of tags and artists) holds exactly the expected
     * positive weights to {@code relative} of each sum's scale, and counts every distinct event once.
     */
    public static void assertMatches(TasteSnapshot snapshot, UserTaste expected, double relative) {
        String user = snapshot.userId();
        assertThat(snapshot.eventsApplied()).as("distinct events applied for %s", user).isEqualTo(expected.events());
        assertThat(snapshot.asOf().toEpochMilli()).as("asOf of %s", user).isEqualTo(expected.latestMillis());
        assertWeights(user + " tags", snapshot.topTags(), expected.tags(), true, relative);
        assertWeights(user + " artists", snapshot.topArtists(), expected.artists(), false, relative);
    }

    private static void assertWeights(String what, List<Weighted> actual, Map<String, Sum> expected, boolean tags,
                                      double relative) {
        Map<String, Double> byKey = new HashMap<>();
        for (Weighted w : actual) {
            byKey.merge(tags ? Names.tagKey(w.name()) : Names.key(w.name()), w.weight(), Double::sum);
        }
        for (Map.Entry<String, Sum> e : expected.entrySet()) {
            double tolerance = relative * e.getValue().scale();
            double want = e.getValue().value();
            if (want > tolerance) {
                assertThat(byKey).as("%s: %s (expected %s)", what, e.getKey(), want).containsKey(e.getKey());
            }
            double got = byKey.getOrDefault(e.getKey(), 0.0);
            if (byKey.containsKey(e.getKey()) || want > tolerance) {
                assertThat(Math.abs(got - want)).as("%s: %s = %s, expected %s", what, e.getKey(), got, want)
                        .isLessThanOrEqualTo(tolerance);
            }
        }
        assertThat(expected.keySet()).as("%s: nothing unexpected", what).containsAll(byKey.keySet());
    }
}
