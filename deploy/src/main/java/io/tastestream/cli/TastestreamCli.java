package io.tastestream.cli;

import io.tastestream.deploy.broker.BrokerCommand;
import io.tastestream.deploy.console.ConsoleProducerCommand;
import io.tastestream.deploy.demo.DemoCommand;
import io.tastestream.deploy.imports.ImportCommand;
import io.tastestream.deploy.serving.ServeCommand;
import io.tastestream.deploy.taste.TasteJobCommand;
import io.tastestream.deploy.taste.TasteSavepointCommand;
import io.tastestream.deploy.topics.TopicsCommand;
import io.tastestream.deploy.watch.WatchCommand;
import io.tastestream.ingest.fake.lastfm.FakeLastfmCommand;
import io.tastestream.ingest.replay.ReplayCommand;
import io.tastestream.ingest.spotify.SpotifyCommand;
import io.tastestream.ingest.synthetic.GenerateSyntheticCommand;
import io.tastestream.ingest.tags.TagsCommand;
import io.tastestream.trainer.catalog.BuildCatalogCommand;
import io.tastestream.trainer.evaluate.EvaluateCommand;
import io.tastestream.trainer.ranker.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code tastestream} command line: {@code ./tastestream <command> [options]}. Each stage contributes its
 * commands; the Flink job and the serving app are not here because they run in JVMs of their own (the demo starts
 * them).
 */
@Command(name = "tastestream", mixinStandardHelpOptions = true, version = "tastestream 0.1.0-SNAPSHOT",
        description = "Self-hostable, real-time, explained music recommendations. Start with: tastestream demo",
        subcommands = {DemoCommand.class, BrokerCommand.class, TopicsCommand.class, GenerateSyntheticCommand.class,
                ReplayCommand.class, SpotifyCommand.class, ImportCommand.class, TagsCommand.class, FakeLastfmCommand.class,
                TasteJobCommand.class, TasteSavepointCommand.class, ServeCommand.class, BuildCatalogCommand.class, EvaluateCommand.class,
                TrainCommand.class, WatchCommand.class, ConsoleProducerCommand.class})
public final class TastestreamCli {

    public static CommandLine commandLine() {
        return new CommandLine(new TastestreamCli());
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
