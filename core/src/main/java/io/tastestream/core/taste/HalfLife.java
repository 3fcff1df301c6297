package io.tastestream.core.taste;

import java.io.Serializable;
import java.time.Duration;

/** The half-life H of taste: an event's weight halves every H of event time. */
public record HalfLife(long millis) implements Serializable {
    public HalfLife {
        if (millis <= 0) {
            throw new IllegalArgumentException("half-life must be positive, was " + millis + " ms");
        }
    }

    public static HalfLife of(Duration d) {
        return new HalfLife(d.toMillis());
    }

    private static final double LN_2 = Math.log(2.0);

    /**
     * 2^(−Δt/H), computed as e^(−Δt·ln 2/H): the same value to within a few units in the last place (relative 1e-13
     * even a thousand half-lives away), and Math.exp costs a third of Math.pow(2, x). Every decay in the taste goes
     * through here (each play, each prune, each snapshot's top-N), so all of them agree with each other exactly.
     */
    public double factor(long deltaMillis) {
        return Math.exp(-(double) deltaMillis * LN_2 / millis);
    }

    public double hours() {
        return millis / 3_600_000.0;
    }
}
