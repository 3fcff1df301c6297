package io.tastestream.taste.records;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import java.util.Objects;

/**
 * One decoded input of the taste job: exactly one of a play, a feedback or an item-tags event; after the hop into
 * the enrichment step a play arrives as a {@link ForwardedPlay} instead (still encoded).
 *
 * <p>All three kinds travel as one stream (rather than two connected streams) so that the enrichment operator sees
 * them over a single channel per upstream task: tags that were read before a play are then also processed before
 * it. Method names avoid get/is prefixes so Jackson only writes the three components.
 */
public record TasteInput(PlayEvent play, FeedbackEvent feedback, ItemTagsEvent itemTags, ForwardedPlay forwardedPlay) {

    public TasteInput {
        int present = (play != null ? 1 : 0) + (feedback != null ? 1 : 0) + (itemTags != null ? 1 : 0)
                + (forwardedPlay != null ? 1 : 0);
        if (present != 1) {
            throw new IllegalArgumentException("TasteInput holds exactly one event, had " + present);
        }
    }

    public static TasteInput of(PlayEvent play) {
        return new TasteInput(Objects.requireNonNull(play), null, null, null);
    }

    public static TasteInput of(FeedbackEvent feedback) {
        return new TasteInput(null, Objects.requireNonNull(feedback), null, null);
    }

    public static TasteInput of(ItemTagsEvent itemTags) {
        return new TasteInput(null, null, Objects.requireNonNull(itemTags), null);
    }

    public static TasteInput of(ForwardedPlay play) {
        return new TasteInput(null, null, null, Objects.requireNonNull(play));
    }

    /** The normalised artist name everything is joined on (plays, feedback and tags alike). */
    public String artistKey() {
        if (play != null) {
            return Names.key(play.artist());
        }
        if (forwardedPlay != null) {
            return forwardedPlay.artistKey();
        }
        return feedback != null ? feedback.item().artistKey() : itemTags.item().artistKey();
    }

    /**
     * Event time in epoch ms: when it was played, said, or (for tags) when the source last knew them. Read where the
     * event is decoded (event time is assigned there), not of a forwarded play.
     */
    public long eventMillis() {
        if (forwardedPlay != null) {
            throw new IllegalStateException("a forwarded play's event time travels with its record, not in it");
        }
        if (play != null) {
            return play.playedAt().toEpochMilli();
        }
        return feedback != null ? feedback.at().toEpochMilli() : itemTags.at().toEpochMilli();
    }

    /** True for plays and feedback, the events that change a user's taste (and drive event time). */
    public boolean userActivity() {
        return itemTags == null;
    }
}
