package io.tastestream.deploy.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Runs a main class of another module in the foreground, in its own JVM with that module's classpath: the Flink
 * job's commands cannot run in the CLI's JVM (Flink's RocksDB clashes with the one the CLI carries).
 */
public final class ModuleMainLauncher {
    /**
     * Environment variable with JVM options for the stage's JVM (space-separated), e.g. its heap in a container:
     * JAVA_OPTS only reaches the CLI's own JVM, which just waits for this one.
     */
    public static final String STAGE_JAVA_OPTS = "TASTESTREAM_STAGE_JAVA_OPTS";

    private ModuleMainLauncher() {}

    /** Runs {@code mainClass} of {@code module} with {@code args}, sharing this terminal; returns its exit code. */
    public static int run(String module, String mainClass, List<String> args) throws IOException, InterruptedException {
        Path home = ModuleClasspath.home();
        List<String> command = new ArrayList<>();
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        command.add(Files.isExecutable(java) ? java.toString() : "java");
        command.addAll(stageJavaOptions(System.getenv(STAGE_JAVA_OPTS)));
        command.add("-D" + ModuleClasspath.HOME_PROPERTY + "=" + home);
        command.add("-cp");
        command.add(ModuleClasspath.of(home, module).stream().map(Path::toString)
                .collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);
        Process process = new ProcessBuilder(command).inheritIO().start();
        // Ctrl-C reaches both JVMs (same process group); on other stops, take the child down with us
        Thread stopChild = new Thread(process::destroy, "stop-" + module);
        Runtime.getRuntime().addShutdownHook(stopChild);
        try {
            return process.waitFor();
        } finally {
            try {
                Runtime.getRuntime().removeShutdownHook(stopChild);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running
            }
        }
    }

    static List<String> stageJavaOptions(String value) {
        return value == null || value.isBlank() ? List.of() : List.of(value.trim().split("\\s+"));
    }
}
