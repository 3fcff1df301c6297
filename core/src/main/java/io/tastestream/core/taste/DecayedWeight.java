package io.tastestream.core.taste;

/**
 * A time-decayed sum Σ wᵢ·2^(−(t−tᵢ)/H), stored lazily as its value at {@code asOfMillis}, the latest event time
 * added so far. Adding an older event adds its weight decayed to {@code asOf}; a newer one first decays the stored
 * value forward. Either way the value at any t is the same whatever order the events came in (up to rounding),
 * which is what lets late and out-of-order events be applied as they come.
 */
public record DecayedWeight(double value, long asOfMillis) {

    public static final DecayedWeight ZERO = new DecayedWeight(0.0, Long.MIN_VALUE);

    public DecayedWeight plus(double weight, long eventMillis, HalfLife halfLife) {
        if (asOfMillis == Long.MIN_VALUE) {
            return new DecayedWeight(weight, eventMillis);
        }
        if (eventMillis <= asOfMillis) {
            return new DecayedWeight(value + weight * halfLife.factor(asOfMillis - eventMillis), asOfMillis);
        }
        return new DecayedWeight(value * halfLife.factor(eventMillis - asOfMillis) + weight, eventMillis);
    }

    /** The value at time t. Before {@code asOf} it is extrapolated backwards (growing), which callers avoid. */
    public double valueAt(long millis, HalfLife halfLife) {
        if (asOfMillis == Long.MIN_VALUE) {
            return 0.0;
        }
        return value * halfLife.factor(millis - asOfMillis);
    }
}
