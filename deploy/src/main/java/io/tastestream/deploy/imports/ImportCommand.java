package io.tastestream.deploy.imports;

import io.tastestream.ingest.lastfm.ImportLastfmCommand;
import io.tastestream.ingest.spotify.history.ImportSpotifyHistoryCommand;
import picocli.CommandLine.Command;

/** {@code tastestream import <source>}: one-off imports of a listener's history, each source a subcommand. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Import a listener's history into the plays topic: every play once, safe to run again.",
        subcommands = {ImportSpotifyHistoryCommand.class, ImportLastfmCommand.class})
public final class ImportCommand {}
