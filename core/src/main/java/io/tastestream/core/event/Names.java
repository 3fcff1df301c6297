package io.tastestream.core.event;

import java.text.Normalizer;
import java.util.Locale;

/** How names become keys: Unicode-normalised, lower case, single spaces. "Sigur  Rós " and "sigur rós" are one artist. */
public final class Names {
    private Names() {}

    public static String key(String name) {
        if (name == null) {
            return null;
        }
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).trim();
        return collapse(n, false);
    }

    /** Tags also fold hyphens and underscores: "Hip-Hop", "hip hop" and "hip_hop" are one tag. */
    public static String tagKey(String tag) {
        String k = key(tag);
        return k == null ? null : collapse(k, true).trim();
    }

    /**
     * Replaces every run of whitespace (regex {@code \s}: space, tab, newline, vertical tab, form feed, carriage
     * return), and of hyphens and underscores when {@code hyphens}, by one space: the same as
     * {@code replaceAll("[-_]+", " ").replaceAll("\\s+", " ")}, without regexes, and returning the string itself when
     * there is nothing to replace (the usual case). Runs for every tag and artist of every play, so it matters.
     */
    private static String collapse(String s, boolean hyphens) {
        int n = s.length();
        int i = 0;
        boolean previousSeparator = false;
        for (; i < n; i++) {
            char c = s.charAt(i);
            boolean separator = isSeparator(c, hyphens);
            if (separator && (c != ' ' || previousSeparator)) {
                break; // something to replace from here
            }
            previousSeparator = separator;
        }
        if (i == n) {
            return s;
        }
        StringBuilder out = new StringBuilder(n).append(s, 0, previousSeparator ? i - 1 : i);
        boolean inRun = false;
        for (int j = previousSeparator ? i - 1 : i; j < n; j++) {
            char c = s.charAt(j);
            if (isSeparator(c, hyphens)) {
                if (!inRun) {
                    out.append(' ');
                    inRun = true;
                }
            } else {
                out.append(c);
                inRun = false;
            }
        }
        return out.toString();
    }

    private static boolean isSeparator(char c, boolean hyphens) {
        return c == ' ' || c == '\t' || c == '\n' || c == '\u000B' || c == '\f' || c == '\r'
                || (hyphens && (c == '-' || c == '_'));
    }
}
