package io.tastestream.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

class TastestreamCliTest {

    @Test
    void helpListsTheSubcommands() {
        CommandLine cli = TastestreamCli.commandLine();
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));

        int exit = cli.execute("--help");

        assertThat(exit).isZero();
        assertThat(out.toString()).contains("Usage: tastestream").contains("demo").contains("broker")
                .contains("topics").contains("watch");
    }

    @Test
    void everyStageContributesItsCommands() {
        assertThat(TastestreamCli.commandLine().getSubcommands().keySet()).contains("demo", "broker", "topics",
                "generate-synthetic", "replay", "spotify", "import", "tags", "fake-lastfm", "taste-job", "taste-savepoint", "serve", "build-catalog", "evaluate", "train", "watch",
                "console-producer");
        assertThat(TastestreamCli.commandLine().getSubcommands().get("import").getSubcommands()).containsKeys("lastfm",
                "spotify-history");
    }

    @Test
    void consoleProducerDefaultsTheBootstrapServerButKeepsAGivenOne() {
        assertThat(io.tastestream.deploy.console.ConsoleProducerCommand.withBootstrap(
                java.util.List.of("--topic", "plays"), "localhost:9092"))
                .containsExactly("--bootstrap-server", "localhost:9092", "--topic", "plays");
        assertThat(io.tastestream.deploy.console.ConsoleProducerCommand.withBootstrap(
                java.util.List.of("--bootstrap-server", "h:1", "--topic", "plays"), "localhost:9092"))
                .containsExactly("--bootstrap-server", "h:1", "--topic", "plays");
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CommandLine cli = TastestreamCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("no-such-command")).isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
