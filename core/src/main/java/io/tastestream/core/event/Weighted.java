package io.tastestream.core.event;

/** A name (tag or artist) with its decayed weight at the snapshot's time. */
public record Weighted(String name, double weight) {
    public Weighted {
        Check.notBlank(name, "name");
        Check.finite(weight, "weight");
    }
}
