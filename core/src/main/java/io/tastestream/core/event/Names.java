package io.tastestream.core.event;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * How names become keys: Unicode-normalised, lower case, single spaces. "Sigur  Rós " and "sigur rós" are one artist.
 *
 * <p>Keys of recently seen names are remembered, so a name seen before maps to the very same key instance without
 * normalising it again. The taste job looks every play's artist and tags up in each user's weights: with one shared
 * instance per key, those look-ups compare references instead of the characters of a fresh copy, and the keys of
 * popular artists and tags stay in the CPU cache instead of one copy per user scattered over the heap.
 */
public final class Names {
    private Names() {}

    /**
     * How many names each memo holds before it starts over: artist and tag vocabularies in use at once are far
     * smaller, and starting over only costs the normalisation again.
     */
    static final int MEMO_SIZE = 1 << 16;
    private static final Map<String, String> KEYS = new ConcurrentHashMap<>();
    private static final Map<String, String> TAG_KEYS = new ConcurrentHashMap<>();

    public static String key(String name) {
        if (name == null) {
            return null;
        }
        String known = KEYS.get(name);
        return known != null ? known : remember(KEYS, name, normalised(name));
    }

    private static String normalised(String name) {
        String n = Normalizer.normalize(name, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT).trim();
        return collapse(n, false);
    }

    /** Tags also fold hyphens and underscores: "Hip-Hop", "hip hop" and "hip_hop" are one tag. */
    public static String tagKey(String tag) {
        if (tag == null) {
            return null;
        }
        String known = TAG_KEYS.get(tag);
        return known != null ? known : remember(TAG_KEYS, tag, collapse(normalised(tag), true).trim());
    }

    /** How many names the artist-key memo holds now. */
    static int rememberedKeys() {
        return KEYS.size();
    }

    private static String remember(Map<String, String> memo, String name, String key) {
        if (memo.size() >= MEMO_SIZE) {
            memo.clear(); // bounded; concurrent callers at worst normalise a name twice
        }
        String shared = memo.putIfAbsent(name, key);
        return shared != null ? shared : key;
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
