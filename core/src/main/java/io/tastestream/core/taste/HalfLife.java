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

    /** 2^(−Δt/H). */
    public double factor(long deltaMillis) {
        return Math.pow(2.0, -(double) deltaMillis / millis);
    }

    public double hours() {
        return millis / 3_600_000.0;
    }
}
