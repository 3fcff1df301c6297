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
        return n.replaceAll("\\s+", " ");
    }

    /** Tags also fold hyphens and underscores: "Hip-Hop", "hip hop" and "hip_hop" are one tag. */
    public static String tagKey(String tag) {
        String k = key(tag);
        return k == null ? null : k.replaceAll("[-_]+", " ").replaceAll("\\s+", " ").trim();
    }
}
