package io.tastestream.taste.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The real datasets under {@code ../shared/data} relative to the repository root (never copied into the repo).
 * Override with {@code -Dtastestream.shared.data=DIR}.
 */
public final class SharedData {
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

    /** The HetRec 2011 Last.fm directory, when present. */
    public static Optional<Path> hetrec() {
        Path p = root().resolve("hetrec2011-lastfm-2k");
        return Files.isRegularFile(p.resolve("user_artists.dat")) ? Optional.of(p) : Optional.empty();
    }
}
