package io.tastestream.ingest.spotify;

import io.tastestream.ingest.spotify.auth.SpotifyLoginCommand;
import io.tastestream.ingest.spotify.poll.SpotifyPollCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code tastestream spotify login|poll}: the parent command the CLI registers. */
@Command(name = "spotify", mixinStandardHelpOptions = true,
        description = "Spotify live listening: log users in, poll their recently-played lists.",
        subcommands = {SpotifyLoginCommand.class, SpotifyPollCommand.class})
public final class SpotifyCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
