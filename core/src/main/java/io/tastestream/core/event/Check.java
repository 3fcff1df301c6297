package io.tastestream.core.event;

import java.util.List;

/** Validation used by the records' compact constructors; messages name the field. */
final class Check {
    private Check() {}

    static String notBlank(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("field '" + field + "': must not be blank");
        }
        return value;
    }

    static <T> T notNull(T value, String field) {
        if (value == null) {
            throw new IllegalArgumentException("field '" + field + "': is required");
        }
        return value;
    }

    static double finite(double value, String field) {
        if (!Double.isFinite(value)) {
            throw new IllegalArgumentException("field '" + field + "': must be a finite number, was " + value);
        }
        return value;
    }

    static <T> List<T> list(List<T> value) {
        return value == null ? List.of() : List.copyOf(value);
    }

    /** Absent (0) means the current version; a newer one than we know is refused rather than half-read. */
    static int schemaVersion(int version, int current, String type) {
        if (version == 0) {
            return current;
        }
        if (version < 0 || version > current) {
            throw new IllegalArgumentException("field 'schemaVersion': " + type + " version " + version
                    + " is not supported (this build reads up to " + current + ")");
        }
        return version;
    }
}
