package io.tastestream.core.topic;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.serde.StringCodec;
import io.tastestream.core.topic.Topic.CleanupPolicy;
import java.time.Duration;
import java.util.List;

/** Every topic of the pipeline. Nothing else spells a topic name. See docs/events.md for schemas and examples. */
public final class Topics {
    private Topics() {}

    /** Kept until deleted by hand: the history is the source of truth, and replays carry old event times. */
    private static final Duration FOREVER = null;

    /** Plays from any source, keyed by user id. Partitioned by user, so one user's plays stay in order. */
    public static final Topic<String, PlayEvent> PLAYS =
            new Topic<>("plays", StringCodec.INSTANCE, PlayEvent.SERDE, 4, CleanupPolicy.DELETE, FOREVER);

    /** Likes, skips, bans, keyed by user id. */
    public static final Topic<String, FeedbackEvent> FEEDBACK =
            new Topic<>("feedback", StringCodec.INSTANCE, FeedbackEvent.SERDE, 4, CleanupPolicy.DELETE, FOREVER);

    /** Tags per artist or track, keyed by item key; the latest per item wins. */
    public static final Topic<String, ItemTagsEvent> ITEM_TAGS =
            new Topic<>("item-tags", StringCodec.INSTANCE, ItemTagsEvent.SERDE, 4, CleanupPolicy.COMPACT, FOREVER);

    /** Decayed taste per user, written by the taste job on every change. */
    public static final Topic<String, TasteSnapshot> TASTE =
            new Topic<>("taste", StringCodec.INSTANCE, TasteSnapshot.SERDE, 4, CleanupPolicy.COMPACT, FOREVER);

    /** Latest explained recommendations per user, written by serving. */
    public static final Topic<String, Recommendations> RECOMMENDATIONS =
            new Topic<>("recommendations", StringCodec.INSTANCE, Recommendations.SERDE, 4, CleanupPolicy.COMPACT,
                    FOREVER);

    /** Records some stage could not use, with the reason. */
    public static final Topic<String, DeadLetter> DEAD_LETTERS =
            new Topic<>("dead-letters", StringCodec.INSTANCE, DeadLetter.SERDE, 1, CleanupPolicy.DELETE, FOREVER);

    public static List<Topic<?, ?>> all() {
        return List.of(PLAYS, FEEDBACK, ITEM_TAGS, TASTE, RECOMMENDATIONS, DEAD_LETTERS);
    }
}
