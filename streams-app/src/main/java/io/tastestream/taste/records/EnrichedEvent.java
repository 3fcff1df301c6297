package io.tastestream.taste.records;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.WeightedTag;
import java.util.List;

/**
 * A play or a feedback event with the tags its artist had when the event passed the enrichment step (empty when
 * none were known yet). Exactly one of {@code play} and {@code feedback} is set.
 */
public record EnrichedEvent(PlayEvent play, FeedbackEvent feedback, List<WeightedTag> artistTags) {

    public EnrichedEvent {
        if ((play == null) == (feedback == null)) {
            throw new IllegalArgumentException("EnrichedEvent holds exactly one of a play and a feedback");
        }
        artistTags = artistTags == null ? List.of() : List.copyOf(artistTags);
    }

    public static EnrichedEvent of(PlayEvent play, List<WeightedTag> artistTags) {
        return new EnrichedEvent(play, null, artistTags);
    }

    public static EnrichedEvent of(FeedbackEvent feedback, List<WeightedTag> artistTags) {
        return new EnrichedEvent(null, feedback, artistTags);
    }

    public String userId() {
        return play != null ? play.userId() : feedback.userId();
    }

    /**
     * Identity used to apply a redelivered event once. Plays have a deterministic id; a feedback event is the same
     * event when user, kind, item and instant agree (a person cannot like one song twice in the same millisecond).
     */
    public String eventId() {
        if (play != null) {
            return "play:" + play.playId();
        }
        return "feedback:" + feedback.type() + ':' + feedback.item().key() + ':' + feedback.at().toEpochMilli();
    }

    public Trigger trigger() {
        return play != null ? Trigger.of(play) : Trigger.of(feedback);
    }
}
