package io.tastestream.ingest.replay;

import io.tastestream.core.event.PlayEvent;

/**
 * Plays in event-time order, made on demand so millions of planned plays need not sit in memory as objects. Read
 * from one thread at a time (the planners reuse a digest and a name cache).
 */
public interface PlaySequence {
    int size();

    PlayEvent get(int index);
}
