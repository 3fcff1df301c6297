package io.tastestream.core.event;

/**
 * One recommended artist.
 *
 * @param reason one line a person can read: why this artist, in terms of their own taste
 */
public record RecommendedItem(int rank, String artist, double score, String reason) {
    public RecommendedItem {
        Check.notBlank(artist, "artist");
        Check.finite(score, "score");
        Check.notBlank(reason, "reason");
    }
}
