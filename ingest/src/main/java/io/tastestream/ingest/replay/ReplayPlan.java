package io.tastestream.ingest.replay;

import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.ingest.dataset.Dataset;
import java.time.Instant;
import java.util.List;

/**
 * What a replay will publish, in order: {@link #tagEvents()} first, then {@link #plays()} by event time.
 *
 * @param playsNote    a sentence to show the user about how the plays were made, or null for real plays
 * @param playsInData  plays the data holds for the selected users before --limit (synthesised ones included)
 * @param firstPlayAt  event time of the first play, null when there are none
 */
public record ReplayPlan(Dataset dataset, List<ItemTagsEvent> tagEvents, PlaySequence plays, long playsInData,
                         String playsNote, Instant firstPlayAt, Instant lastPlayAt) {

    public long events() {
        return tagEvents.size() + (long) plays.size();
    }
}
