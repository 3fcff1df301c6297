package io.tastestream.core.event;

import java.time.Instant;

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
        if (day > 28 && day > lengthOfMonth(year, month)) {
            return null;
        }
        return Instant.ofEpochSecond(epochDay(year, month, day) * 86_400 + hour * 3_600L + minute * 60L + second,
                nanos);
    }

    /**
     * Days from 1970-01-01 to a valid date of the proleptic Gregorian calendar, year 0 to 9999: what
     * {@code LocalDate.of(year, month, day).toEpochDay()} gives, in integer arithmetic without the object and its
     * checks (a tenth of the taste job's play parsing). Counts from March 1st, so that a leap day ends the year:
     * 146,097 days per 400-year era, 365 per year plus a leap day every 4 years except centuries not divisible by 400,
     * and the days of March to the month by (153 m + 2) / 5.
     */
    static long epochDay(int year, int month, int day) {
        int y = month <= 2 ? year - 1 : year; // January and February belong to the year before (March-based)
        int era = Math.floorDiv(y, 400);
        int yearOfEra = y - era * 400; // 0..399
        int dayOfYear = (153 * (month > 2 ? month - 3 : month + 9) + 2) / 5 + day - 1; // 0..365, from March 1st
        int dayOfEra = yearOfEra * 365 + yearOfEra / 4 - yearOfEra / 100 + dayOfYear;
        return era * 146_097L + dayOfEra - 719_468; // 719,468: days from 0000-03-01 to 1970-01-01
    }

    private static int lengthOfMonth(int year, int month) {
        return switch (month) {
            case 2 -> (year & 3) == 0 && (year % 100 != 0 || year % 400 == 0) ? 29 : 28;
            case 4, 6, 9, 11 -> 30;
            default -> 31;
        };
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
