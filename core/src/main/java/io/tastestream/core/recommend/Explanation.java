package io.tastestream.core.recommend;

import io.tastestream.core.recommend.Ranker.Signal;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns what drove a candidate's score into one line in terms of the user's own taste, e.g.
 * "because you liked Mogwai; fans of Mogwai and Explosions in the Sky play it" or
 * "matches tags you play most lately: post-rock 41%, ambient 22%".
 */
final class Explanation {
    private Explanation() {}

    static String reason(Candidate c, Map<Signal, Double> contributions, Map<String, Double> userTagShares) {
        Signal main = contributions.entrySet().stream()
                .max(Map.Entry.<Signal, Double>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .map(Map.Entry::getKey).orElse(Signal.POPULARITY);
        String likes = names(c.becauseOfLikes(), 1);
        String prefix = likes.isEmpty() ? "" : "because you liked " + likes + "; ";
        return switch (main) {
            case CO_LISTEN -> prefix + "listened to by fans of " + names(c.becauseOfArtists(), 2)
                    + ", which you play a lot lately";
            case TAGS -> prefix + "matches tags you play most lately: " + tags(c.becauseOfTags(), userTagShares);
            case POPULARITY -> prefix + "popular with listeners whose taste is close to yours";
        };
    }

    static String coldStart() {
        return "popular overall: we do not know your taste yet, play or like something";
    }

    private static String names(Map<String, Double> contributions, int limit) {
        List<String> top = top(contributions, limit);
        return top.size() <= 1 ? String.join("", top) : String.join(" and ", top);
    }

    private static String tags(Map<String, Double> contributions, Map<String, Double> userTagShares) {
        return top(contributions, 2).stream()
                .map(tag -> String.format(Locale.ROOT, "%s %.0f%%", tag, 100 * userTagShares.getOrDefault(tag, 0.0)))
                .collect(Collectors.joining(", "));
    }

    private static List<String> top(Map<String, Double> contributions, int limit) {
        return contributions.entrySet().stream()
                .sorted(Map.Entry.<String, Double>comparingByValue(Comparator.reverseOrder())
                        .thenComparing(Map.Entry.comparingByKey()))
                .limit(limit).map(Map.Entry::getKey).toList();
    }
}
