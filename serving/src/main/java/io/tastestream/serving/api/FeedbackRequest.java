package io.tastestream.serving.api;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import java.time.Instant;
import java.util.Arrays;
import java.util.Locale;

/** Body of {@code POST /users/{id}/feedback}: {"type":"LIKE|SKIP|BAN|UNBAN","artist":"…","track":"…"}. */
public record FeedbackRequest(String type, String artist, String track) {
    /** Shown in feedback events written by the page, so they can be told from CLI or imported feedback. */
    public static final String SOURCE = "web";

    /** @throws IllegalArgumentException naming the field that is missing or wrong */
    public FeedbackEvent toEvent(String userId, Instant at) {
        if (type == null || type.isBlank()) {
            throw new IllegalArgumentException("field 'type': is required, one of " + allowedTypes());
        }
        FeedbackType feedbackType;
        try {
            feedbackType = FeedbackType.valueOf(type.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("field 'type': '" + type + "' is not one of " + allowedTypes());
        }
        return FeedbackEvent.of(userId, feedbackType, new ItemRef(artist, track), at, SOURCE);
    }

    private static String allowedTypes() {
        return Arrays.toString(FeedbackType.values());
    }
}
