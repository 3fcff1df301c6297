package io.tastestream.core.event;

/** A tag with how strongly it applies (Last.fm's 0..100 counts, genre membership 1, ...). */
public record WeightedTag(String tag, double weight) {
    public WeightedTag {
        Check.notBlank(tag, "tag");
        Check.finite(weight, "weight");
        if (weight < 0) {
            throw new IllegalArgumentException("field 'weight': must not be negative, was " + weight);
        }
    }
}
