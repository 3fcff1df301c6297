package io.tastestream.ingest.dataset;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;

/**
 * The real datasets under {@code ../shared/data} relative to the repository root (never copied into the repo).
 * Override with {@code -Dtastestream.shared.data=DIR}. Tests that need them skip with a message when absent.
 */
public final class SharedData {
    private SharedData() {}

    public static Path root() {
        String override = System.getProperty("tastestream.shared.data");
        if (override != null) {
            return Path.of(override);
        }
        // surefire runs in the module directory (main/ingest); the repo root is its parent
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("core"))) {
                return p.resolve("../shared/data").normalize();
            }
        }
        return dir.resolve("../../shared/data").normalize();
    }

    /** The folder, or the test is skipped saying what is missing. */
    public static Path require(String folder) {
        Path p = root().resolve(folder);
        Assumptions.assumeTrue(Files.isDirectory(p), () -> "skipped: real data " + p + " is absent (see "
                + "shared/data/README.md; or set -Dtastestream.shared.data=DIR)");
        return p;
    }

    public static Path lastfm1kSample() {
        return require("lastfm-1k-sample").resolve("userid-timestamp-artid-artname-traid-traname.head5000.tsv");
    }
}
