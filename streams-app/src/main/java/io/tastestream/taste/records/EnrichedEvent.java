package io.tastestream.taste.records;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.WeightedTag;
import java.util.List;

/**
 * A play or a feedback event with the tags its artist had when the event passed the enrichment step (empty when
 * none were known yet). Exactly one of {@code play}, {@code feedback} and {@code forwardedPlay} is set: the
 * enrichment step passes a play on still encoded ({@link ForwardedPlay}), and the taste operator receives it decoded.
 */
public record EnrichedEvent(PlayEvent play, FeedbackEvent feedback, ForwardedPlay forwardedPlay,
                            List<WeightedTag> artistTags) {

    public EnrichedEvent {
        if ((play != null ? 1 : 0) + (feedback != null ? 1 : 0) + (forwardedPlay != null ? 1 : 0) != 1) {
            throw new IllegalArgumentException("EnrichedEvent holds exactly one of a play and a feedback");
        }
        artistTags = artistTags == null ? List.of() : List.copyOf(artistTags);
    }

    public static EnrichedEvent of(PlayEvent play, List<WeightedTag> artistTags) {
        return new EnrichedEvent(play, null, null, artistTags);
    }

    public static EnrichedEvent of(FeedbackEvent feedback, List<WeightedTag> artistTags) {
        return new EnrichedEvent(null, feedback, null, artistTags);
    }

    public static EnrichedEvent of(ForwardedPlay play, List<WeightedTag> artistTags) {
        return new EnrichedEvent(null, null, play, artistTags);
    }

    public String userId() {
        if (play != null) {
            return play.userId();
        }
        return forwardedPlay != null ? forwardedPlay.userId() : feedback.userId();
    }

    /**
     * Identity used to apply a redelivered event once. Plays have a deterministic id; a feedback event is the same
     * event when user, kind, item and instant agree (a person cannot like one song twice in the same millisecond).
     */
    public String eventId() {
        decoded();
        if (play != null) {
            return "play:" + play.playId();
        }
        return "feedback:" + feedback.type() + ':' + feedback.item().key() + ':' + feedback.at().toEpochMilli();
    }

    public Trigger trigger() {
        decoded();
        return play != null ? Trigger.of(play) : Trigger.of(feedback);
    }

    private void decoded() {
        if (forwardedPlay != null) {
            throw new IllegalStateException("a forwarded play is read after its next hop, not in the enrichment step");
        }
    }
}
