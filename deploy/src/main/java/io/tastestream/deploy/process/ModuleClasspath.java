package io.tastestream.deploy.process;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where the tastestream checkout is and how to run one of its modules: {@code <module>/target/classes} plus the
 * jars listed in {@code <module>/target/runtime-classpath.txt} (written by the build's maven-dependency-plugin).
 */
public final class ModuleClasspath {
    private ModuleClasspath() {}

    /** Set by the {@code tastestream} launcher script to the repository root. */
    public static final String HOME_PROPERTY = "tastestream.home";

    /**
     * The repository root: the {@value #HOME_PROPERTY} system property, else the working directory or the first
     * parent of it that has a {@code deploy/pom.xml} (so it works from a module directory too, as in tests).
     */
    public static Path home() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return Path.of(property).toAbsolutePath().normalize();
        }
        Path cwd = Path.of("").toAbsolutePath();
        for (Path dir = cwd; dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("deploy").resolve("pom.xml"))) {
                return dir;
            }
        }
        throw new IllegalStateException("cannot find the tastestream checkout from " + cwd + "; run through the "
                + "./tastestream launcher or set -D" + HOME_PROPERTY + "=<repository root>");
    }

    /** The classpath of {@code module} (e.g. "serving") under {@code home}. */
    public static List<Path> of(Path home, String module) throws IOException {
        Path target = home.resolve(module).resolve("target");
        Path classes = target.resolve("classes");
        Path listing = target.resolve("runtime-classpath.txt");
        if (!Files.isDirectory(classes) || !Files.isRegularFile(listing)) {
            throw new IllegalStateException("module '" + module + "' is not built (missing " + classes + " or "
                    + listing + "); run ./tastestream once (it builds) or 'mvn -DskipTests install' in " + home);
        }
        List<Path> entries = new ArrayList<>();
        entries.add(classes);
        for (String entry : Files.readString(listing, StandardCharsets.UTF_8).trim().split(File.pathSeparator)) {
            if (!entry.isBlank()) {
                entries.add(Path.of(entry.trim()));
            }
        }
        return entries;
    }
}
