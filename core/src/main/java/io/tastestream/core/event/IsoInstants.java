package io.tastestream.core.event;

import java.time.Instant;
import java.time.LocalDate;

/**
 * Reads the plain UTC instants our sources write ({@code 2024-03-01T18:22:05Z}, optionally with a fraction) by hand:
 * {@link Instant#parse} is several times slower, and imports and the taste job read one per event. Anything else is
 * left to {@link Instant#parse} (or the codec), which also says what is wrong with it.
 */
public final class IsoInstants {
    private IsoInstants() {}

    /**
     * {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z} as an instant, or null for any other text (including invalid dates,
     * leap seconds and lower-case letters, which the codec's own parser then judges).
     */
    public static Instant parsePlainUtc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n != 20) {
            int fraction = n - 21; // between the '.' at 19 and the 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number written by {@code count} ASCII digits from {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
