package io.tastestream.ingest.spotify.poll;

import io.tastestream.core.event.PlayEvent;
import java.util.List;

/**
 * What the poller remembers about one user between polls and across restarts.
 *
 * @param afterMs  the recently-played cursor: Unix ms of the newest play already in Kafka; null before the first
 *                 poll
 * @param pending  a batch being published: written before the first send and cleared once Kafka acknowledged it
 *                 all, so after a crash the poller knows exactly what may or may not have reached the topic
 */
public record PollState(Long afterMs, Pending pending) {

    public static final PollState INITIAL = new PollState(null, null);

    /**
     * @param newAfterMs  the cursor once this batch is in Kafka
     * @param partition   the plays partition of the user's key
     * @param fromOffset  that partition's end offset before the first send: everything of ours from this batch is
     *                    at or after it
     */
    public record Pending(long newAfterMs, int partition, long fromOffset, List<PlayEvent> plays) {
    }

    public PollState committed(Long newAfterMs) {
        return new PollState(newAfterMs, null);
    }

    public PollState publishing(Pending batch) {
        return new PollState(afterMs, batch);
    }
}
