package io.tastestream.core.recommend;

import io.tastestream.core.recommend.Features.Reason;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Turns the ranker's per-feature contributions into one line in terms of the user's own taste: the features are
 * grouped by {@link Reason}, the group that pushed the score up most speaks first, and a second group joins when it
 * pushed at least a third as much, e.g. "matches tags you play most lately: post-rock 41%, ambient 22%; listened to
 * by fans of Mogwai, which you play a lot lately". Liked artists behind it come first ("because you liked Mogwai").
 */
final class Explanation {
    static final double SECOND_REASON_SHARE = 1.0 / 3;

    private Explanation() {}

    static String reason(Candidate c, Map<String, Double> featureContributions, Map<String, Double> userTagShares) {
        Map<Reason, Double> byReason = new EnumMap<>(Reason.class);
        featureContributions.forEach((f, v) -> byReason.merge(Features.reasonOf(f), v, Double::sum));
        List<Map.Entry<Reason, Double>> ranked = byReason.entrySet().stream()
                .filter(e -> e.getValue() > 0 && hasEvidence(c, e.getKey()))
                .sorted(Map.Entry.<Reason, Double>comparingByValue().reversed()
                        .thenComparing(Map.Entry.comparingByKey()))
                .toList();
        Reason main = ranked.isEmpty() ? Reason.POPULARITY : ranked.get(0).getKey();
        String likes = names(c.becauseOfLikes(), 1);
        StringBuilder out = new StringBuilder(likes.isEmpty() ? "" : "because you liked " + likes + "; ");
        out.append(text(main, c, userTagShares));
        if (ranked.size() > 1 && ranked.get(1).getKey() != Reason.POPULARITY
                && ranked.get(1).getValue() >= SECOND_REASON_SHARE * ranked.get(0).getValue()) {
            out.append("; ").append(text(ranked.get(1).getKey(), c, userTagShares));
        }
        return out.toString();
    }

    /** A reason is only told when the candidate carries what it names (an artist, a tag, a friend). */
    private static boolean hasEvidence(Candidate c, Reason reason) {
        return switch (reason) {
            case CO_LISTEN -> !c.becauseOfArtists().isEmpty();
            case TAGS -> !c.becauseOfTags().isEmpty();
            case FRIENDS -> !c.becauseOfFriends().isEmpty();
            case POPULARITY -> true;
        };
    }

    private static String text(Reason reason, Candidate c, Map<String, Double> userTagShares) {
        return switch (reason) {
            case CO_LISTEN -> "listened to by fans of " + names(c.becauseOfArtists(), 2)
                    + ", which you play a lot lately";
            case TAGS -> "matches tags you play most lately: " + tags(c.becauseOfTags(), userTagShares);
            case FRIENDS -> c.becauseOfFriends().size() == 1 ? "a friend of yours plays it"
                    : c.becauseOfFriends().size() + " of your friends play it";
            case POPULARITY -> "popular with listeners whose taste is close to yours";
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
