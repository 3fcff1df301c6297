package io.tastestream.ingest.spotify.poll;

import picocli.CommandLine;

/** Runs {@code spotify poll} in a JVM of its own, so a test can kill it with SIGKILL. */
public final class PollerChildMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new SpotifyPollCommand()).execute(args));
    }
}
