package io.tastestream.core.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Assumptions;

/**
 * The real datasets under {@code ../shared/data} relative to the repository root (never copied into the repo),
 * for every module's tests (core's test-jar). Override with {@code -Dtastestream.shared.data=DIR}.
 */
public final class SharedData {
    public static final String HETREC = "hetrec2011-lastfm-2k";
    public static final String LASTFM_1K = "lastfm-1k-sample";
    public static final String SPOTIFY_GENRES = "spotify-artist-genres";

    private SharedData() {}

    public static Path root() {
        String override = System.getProperty("tastestream.shared.data");
        if (override != null) {
            return Path.of(override);
        }
        // surefire runs in the module directory; the repo root is the first parent with pom.xml and core/
        Path dir = Path.of("").toAbsolutePath();
        for (Path p = dir; p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("pom.xml")) && Files.isDirectory(p.resolve("core"))) {
                return p.resolve("../shared/data").normalize();
            }
        }
        return dir.resolve("../../shared/data").normalize();
    }

    /** The folder, or the calling test is skipped saying what is missing. */
    public static Path require(String folder) {
        Path p = root().resolve(folder);
        Assumptions.assumeTrue(Files.isDirectory(p), () -> "skipped: real data " + p + " is absent (see "
                + "shared/data/README.md; or set -Dtastestream.shared.data=DIR)");
        return p;
    }

    /** The HetRec 2011 Last.fm 2K directory (with its user_artists.dat), when present. */
    public static Optional<Path> findHetrec() {
        Path p = root().resolve(HETREC);
        return Files.isRegularFile(p.resolve("user_artists.dat")) ? Optional.of(p) : Optional.empty();
    }

    /** The HetRec 2011 Last.fm 2K directory (with its user_artists.dat), or the calling test is skipped. */
    public static Path hetrec() {
        Optional<Path> p = findHetrec();
        Assumptions.assumeTrue(p.isPresent(), () -> "skipped: real data " + root().resolve(HETREC) + " is absent "
                + "(see shared/data/README.md; or set -Dtastestream.shared.data=DIR)");
        return p.orElseThrow();
    }

    /** The 5,000 Last.fm-1K scrobbles, or the calling test is skipped. */
    public static Path lastfm1kSample() {
        return require(LASTFM_1K).resolve("userid-timestamp-artid-artname-traid-traname.head5000.tsv");
    }
}
