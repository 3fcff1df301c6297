package io.tastestream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class ServingMainTest {

    @Test
    void helpListsTheSharedConfigOptions() {
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new ServingMain());
        cli.setOut(new PrintWriter(out));

        assertThat(cli.execute("--help")).isZero();
        assertThat(out.toString()).contains("--config").contains("--set").contains("--bootstrap");
    }

    @Test
    void aMissingCatalogStopsStartUpWithAMessageBeforeTouchingKafka(@TempDir Path empty) {
        // the bootstrap points nowhere: reaching Kafka would hang, so exit 2 shows the catalog was checked first
        int exit = new CommandLine(new ServingMain()).execute("--bootstrap", "localhost:1",
                "--set", "catalog.dir=" + empty.resolve("no-catalog"));

        assertThat(exit).isEqualTo(2);
    }
}
