package io.tastestream.deploy.demo;

import io.tastestream.ingest.replay.ReplayCommand;
import io.tastestream.ingest.synthetic.GenerateSyntheticCommand;
import io.tastestream.trainer.catalog.BuildCatalogCommand;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The demo's calls into other stages, in one place. In-process stages (ingest, model-trainer) are called through
 * their commands, exactly as {@code ./tastestream <command>} would run them; the Flink job and the serving app are
 * named by module and main class, because they run in JVMs of their own (their RocksDB libraries clash).
 */
public final class DemoSteps {
    private DemoSteps() {}

    public static final String TASTE_JOB_MODULE = "streams-app";
    public static final String TASTE_JOB_MAIN = "io.tastestream.taste.TasteJobMain";
    public static final String SERVING_MODULE = "serving";
    public static final String SERVING_MAIN = "io.tastestream.serving.ServingMain";

    /** {@code generate-synthetic --out DIR --ends-at INSTANT [--users N] [--seed S]}. */
    static void generateSynthetic(Path out, Instant endsAt, Integer users, Long seed) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString(), "--ends-at", endsAt.toString()));
        if (users != null) {
            args.addAll(List.of("--users", users.toString()));
        }
        if (seed != null) {
            args.addAll(List.of("--seed", seed.toString()));
        }
        run(new GenerateSyntheticCommand(), args);
    }

    /** {@code build-catalog --data DIR --out DIR}. */
    static void buildCatalog(Path data, Path catalogDir) {
        run(new BuildCatalogCommand(), List.of("--data", data.toString(), "--out", catalogDir.toString()));
    }

    /** {@code replay --data DIR [--rate R] --config FILE}. */
    static void replay(Path data, Double rate, Path configFile) {
        // --no-progress: the replay runs in the background and its progress bar would overwrite the banner.
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--config", configFile.toString(),
                "--no-progress"));
        if (rate != null) {
            args.addAll(List.of("--rate", rate.toString()));
        }
        run(new ReplayCommand(), args);
    }

    /** Runs one command as {@code ./tastestream <command> args} would; throws unless it exits with 0. */
    private static void run(Object command, List<String> args) {
        CommandLine commandLine = new CommandLine(command);
        int exit = commandLine.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException(commandLine.getCommandName() + " " + String.join(" ", args)
                    + " failed with exit code " + exit + " (see its messages above)");
        }
    }
}
