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
    void registersTheOtherModulesCommandsThatAreOnTheClasspath() {
        CommandLine cli = TastestreamCli.commandLine();
        TastestreamCli.MODULE_COMMANDS.forEach((name, className) -> {
            boolean present;
            try {
                Class.forName(className);
                present = true;
            } catch (ClassNotFoundException e) {
                present = false;
            }
            assertThat(cli.getSubcommands().containsKey(name)).as(name).isEqualTo(present);
        });
    }

    @Test
    void unknownSubcommandIsAUsageError() {
        CommandLine cli = TastestreamCli.commandLine();
        cli.setErr(new PrintWriter(new StringWriter()));
        assertThat(cli.execute("no-such-command")).isEqualTo(CommandLine.ExitCode.USAGE);
    }
}
