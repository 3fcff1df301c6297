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
        return new DecayedWeight(plusValue(value, asOfMillis, weight, eventMillis, halfLife),
                plusAsOf(asOfMillis, eventMillis));
    }

    /** The value of {@code new DecayedWeight(value, asOf).plus(weight, eventMillis, halfLife)}, without the record. */
    static double plusValue(double value, long asOf, double weight, long eventMillis, HalfLife halfLife) {
        if (asOf == Long.MIN_VALUE) {
            return weight;
        }
        if (eventMillis <= asOf) {
            return value + weight * halfLife.factor(asOf - eventMillis);
        }
        return value * halfLife.factor(eventMillis - asOf) + weight;
    }

    /** The asOf of {@code new DecayedWeight(value, asOf).plus(weight, eventMillis, halfLife)}. */
    static long plusAsOf(long asOf, long eventMillis) {
        return asOf == Long.MIN_VALUE ? eventMillis : Math.max(asOf, eventMillis);
    }

    /** The value at time t. Before {@code asOf} it is extrapolated backwards (growing), which callers avoid. */
    public double valueAt(long millis, HalfLife halfLife) {
        return valueAt(value, asOfMillis, millis, halfLife);
    }

    /** {@code new DecayedWeight(value, asOf).valueAt(millis, halfLife)}, without the record. */
    static double valueAt(double value, long asOf, long millis, HalfLife halfLife) {
        if (asOf == Long.MIN_VALUE) {
            return 0.0;
        }
        return value * halfLife.factor(millis - asOf);
    }
}
