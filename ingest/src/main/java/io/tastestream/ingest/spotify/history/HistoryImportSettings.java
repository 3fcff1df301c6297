package io.tastestream.ingest.spotify.history;

import java.time.Duration;

/**
 * @param userId   whose export this is (exports do not name the user)
 * @param minPlay  plays shorter than this become SKIP feedback, not plays
 * @param progress show a progress bar on stderr
 */
public record HistoryImportSettings(String userId, Duration minPlay, boolean progress) {
    public static final Duration DEFAULT_MIN_PLAY = Duration.ofSeconds(30);

    public HistoryImportSettings {
        if (userId == null || userId.isBlank()) {
            throw new IllegalArgumentException("a user id is required (exports do not name the user)");
        }
        if (minPlay == null || minPlay.isNegative()) {
            throw new IllegalArgumentException("minimum play length must be zero or more");
        }
    }

    public static HistoryImportSettings forUser(String userId) {
        return new HistoryImportSettings(userId, DEFAULT_MIN_PLAY, false);
    }
}
