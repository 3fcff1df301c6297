package io.tastestream.ingest.replay;

import io.tastestream.core.event.PlayEvent;

/** Plays in event-time order, made on demand so millions of planned plays need not sit in memory as objects. */
public interface PlaySequence {
    int size();

    PlayEvent get(int index);
}
