package io.tastestream.deploy.demo;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine;

/**
 * The demo's calls into other modules (ingest, model-trainer), kept here in one place. They go through each
 * module's picocli command — the CLI contract in docs — looked up by class name, so deploy compiles and its
 * tests run while those modules are still being written; a missing command fails the demo with a clear message.
 */
final class DemoSteps {
    private DemoSteps() {}

    static final String GENERATE_SYNTHETIC = "io.tastestream.ingest.synthetic.GenerateSyntheticCommand";
    static final String REPLAY = "io.tastestream.ingest.replay.ReplayCommand";
    static final String BUILD_CATALOG = "io.tastestream.trainer.catalog.BuildCatalogCommand";

    /** Streams-app's main and the module it lives in; it runs in its own JVM. */
    static final String TASTE_JOB_MODULE = "streams-app";
    static final String TASTE_JOB_MAIN = "io.tastestream.taste.TasteJobMain";
    static final String SERVING_MODULE = "serving";
    static final String SERVING_MAIN = "io.tastestream.serving.ServingMain";

    /** {@code generate-synthetic --out DIR [--users N] [--seed S]}. */
    static void generateSynthetic(Path out, Integer users, Long seed) {
        List<String> args = new ArrayList<>(List.of("--out", out.toString()));
        if (users != null) {
            args.addAll(List.of("--users", users.toString()));
        }
        if (seed != null) {
            args.addAll(List.of("--seed", seed.toString()));
        }
        run(GENERATE_SYNTHETIC, args);
    }

    /** {@code build-catalog --data DIR --out DIR}. */
    static void buildCatalog(Path data, Path catalogDir) {
        run(BUILD_CATALOG, List.of("--data", data.toString(), "--out", catalogDir.toString()));
    }

    /** {@code replay --data DIR [--rate R] --config FILE}. */
    static void replay(Path data, Double rate, Path configFile) {
        // --no-progress: the replay runs in the background and its progress bar would overwrite the banner.
        List<String> args = new ArrayList<>(List.of("--data", data.toString(), "--config", configFile.toString(),
                "--no-progress"));
        if (rate != null) {
            args.addAll(List.of("--rate", rate.toString()));
        }
        run(REPLAY, args);
    }

    /** Runs one command as {@code ./tastestream <command> args} would; throws unless it exits with 0. */
    static void run(String commandClass, List<String> args) {
        Object command = instantiate(commandClass);
        CommandLine commandLine = new CommandLine(command);
        int exit = commandLine.execute(args.toArray(String[]::new));
        if (exit != 0) {
            throw new IllegalStateException(commandLine.getCommandName() + " " + String.join(" ", args)
                    + " failed with exit code " + exit + " (see its messages above)");
        }
    }

    static boolean available(String commandClass) {
        try {
            Class.forName(commandClass);
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    private static Object instantiate(String commandClass) {
        try {
            return Class.forName(commandClass).getDeclaredConstructor().newInstance();
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException(commandClass + " is not on the classpath: its module is not built yet "
                    + "(rebuild with 'mvn -DskipTests install')", e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("cannot create " + commandClass + ": " + e, e);
        }
    }
}
