package io.tastestream.trainer.evaluate;

import java.util.Locale;

/** How interactions are split into training and test (see {@link Splitter}). */
public enum Protocol {
    /** A fixed hash of each (user, artist) listening pair sends about one in five to test. */
    RANDOM,
    /** Tag events before a cutoff date train; artists a user first tags on or after it are the test. */
    TIME;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Protocol parse(String s) {
        for (Protocol p : values()) {
            if (p.label().equals(s.trim().toLowerCase(Locale.ROOT))) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown protocol '" + s + "' (expected random or time)");
    }
}
