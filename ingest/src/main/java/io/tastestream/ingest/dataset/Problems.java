package io.tastestream.ingest.dataset;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Collects skipped lines. Keeps the first {@link #KEPT} in full and counts the rest, so a file in the wrong
 * encoding (every line bad) cannot fill the heap with messages.
 */
public final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);

    public static final int KEPT = 1000;
    /** Only the first few are logged; the rest are counted and summarised by the caller. */
    private static final int LOGGED = 10;

    private final List<LineProblem> kept = new ArrayList<>();
    private final Map<String, Long> kinds = new LinkedHashMap<>();
    private long count;

    public void add(Path file, long line, String reason) {
        count++;
        kinds.merge(file.getFileName() + ": " + kindOf(reason), 1L, Long::sum);
        LineProblem problem = new LineProblem(file, line, reason);
        if (kept.size() < KEPT) {
            kept.add(problem);
        }
        if (count <= LOGGED) {
            log.warn("skipped {}", problem);
        }
    }

    public long count() {
        return count;
    }

    public List<LineProblem> kept() {
        return List.copyOf(kept);
    }

    /** Counts per file and kind of problem ("user_taggedartists.dat: artistID N is not in artists.dat" -> 1350). */
    public Map<String, Long> kinds() {
        return Collections.unmodifiableMap(new LinkedHashMap<>(kinds));
    }

    /** The reason with its particulars (quoted values, numbers) blanked, so equal problems count together. */
    static String kindOf(String reason) {
        // only standalone numbers ("artistID 14103", "day=31"), not those inside words or examples ("ISO-8601")
        return reason.replaceAll("'[^']*'", "'…'").replaceAll("(?<=[\\s=])-?\\d+(?=[\\s,)]|$)", "N");
    }
}
