package io.tastestream.ingest.lastfm;

import picocli.CommandLine;

/** Runs {@code import lastfm} in a child JVM, so a test can kill it with SIGKILL. Test-only. */
public final class ImportLastfmChildMain {
    private ImportLastfmChildMain() {}

    public static void main(String[] args) {
        System.exit(new CommandLine(new ImportLastfmCommand()).execute(args));
    }
}
