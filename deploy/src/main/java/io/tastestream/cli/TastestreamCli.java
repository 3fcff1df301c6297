package io.tastestream.cli;

import io.tastestream.deploy.broker.BrokerCommand;
import io.tastestream.deploy.demo.DemoCommand;
import io.tastestream.deploy.topics.TopicsCommand;
import io.tastestream.deploy.watch.WatchCommand;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tastestream} command line: {@code ./tastestream <command> [options]}. */
@Command(name = "tastestream", mixinStandardHelpOptions = true, version = "tastestream 0.1.0-SNAPSHOT",
        description = "Self-hostable, real-time, explained music recommendations. Start with: tastestream demo",
        subcommands = {DemoCommand.class, BrokerCommand.class, TopicsCommand.class, WatchCommand.class})
public final class TastestreamCli {

    /**
     * Commands of other modules, by name → class name. They are looked up at run time so this module builds
     * while those are being written; a command whose class is missing is simply not listed.
     *
     * <p>TODO(lead): once ingest and model-trainer have these classes, replace this map by entries in
     * {@code subcommands} above (compile-time checked): GenerateSyntheticCommand ("generate-synthetic"),
     * ReplayCommand ("replay"), BuildCatalogCommand ("build-catalog").
     */
    static final Map<String, String> MODULE_COMMANDS = moduleCommands();

    private static Map<String, String> moduleCommands() {
        Map<String, String> commands = new LinkedHashMap<>();
        commands.put("generate-synthetic", "io.tastestream.ingest.synthetic.GenerateSyntheticCommand");
        commands.put("replay", "io.tastestream.ingest.replay.ReplayCommand");
        commands.put("build-catalog", "io.tastestream.trainer.catalog.BuildCatalogCommand");
        return commands;
    }

    /** The full command line with every available subcommand registered. */
    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new TastestreamCli());
        MODULE_COMMANDS.forEach((name, className) -> {
            Class<?> type;
            try {
                type = Class.forName(className);
            } catch (ClassNotFoundException notBuiltYet) {
                return;
            }
            try {
                cli.addSubcommand(name, type.getDeclaredConstructor().newInstance());
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException("cannot create command " + className + ": " + e, e);
            }
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
