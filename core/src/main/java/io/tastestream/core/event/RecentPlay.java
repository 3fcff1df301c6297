package io.tastestream.core.event;

import java.time.Instant;

public record RecentPlay(String artist, String track, Instant playedAt) {
    public RecentPlay {
        Check.notBlank(artist, "artist");
        Check.notNull(playedAt, "playedAt");
    }
}
