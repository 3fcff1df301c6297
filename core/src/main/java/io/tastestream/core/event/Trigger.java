package io.tastestream.core.event;

import java.time.Instant;

/** The event that caused a snapshot (and so the recommendations made from it). */
public record Trigger(Kind kind, ItemRef item, Instant at) {
    public enum Kind { PLAY, LIKE, SKIP, BAN, UNBAN, TAGS }

    public Trigger {
        Check.notNull(kind, "kind");
        Check.notNull(at, "at");
    }

    public static Trigger of(FeedbackEvent feedback) {
        return new Trigger(Kind.valueOf(feedback.type().name()), feedback.item(), feedback.at());
    }

    public static Trigger of(PlayEvent play) {
        return new Trigger(Kind.PLAY, play.item(), play.playedAt());
    }
}
