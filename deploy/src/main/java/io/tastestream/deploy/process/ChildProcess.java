package io.tastestream.deploy.process;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java main class running in its own JVM, with stdout and stderr going to one log file. Stopping it also stops
 * every process it started, so nothing is left behind.
 */
public final class ChildProcess implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChildProcess.class);

    /** How long a child gets to shut down cleanly before it is killed. */
    public static final Duration DEFAULT_GRACE = Duration.ofSeconds(15);

    /** Flink's MiniCluster (Kryo) reflects into these JDK packages; harmless for other mains. */
    public static final List<String> DEFAULT_JVM_OPTIONS = List.of(
            "--add-opens=java.base/java.util=ALL-UNNAMED",
            "--add-opens=java.base/java.lang=ALL-UNNAMED",
            "--add-opens=java.base/java.time=ALL-UNNAMED",
            "--add-opens=java.base/java.nio=ALL-UNNAMED");

    private final String name;
    private final Process process;
    private final Path logFile;

    private ChildProcess(String name, Process process, Path logFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
    }

    /**
     * Starts {@code java [jvmOptions] -cp classpath mainClass args}, with the same java as this JVM, output to
     * {@code logFile} (replaced).
     */
    public static ChildProcess start(String name, List<Path> classpath, String mainClass, List<String> args,
                                     List<String> jvmOptions, Path logFile) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(javaExecutable());
        command.addAll(jvmOptions);
        command.add("-cp");
        command.add(classpath.stream().map(Path::toString).collect(Collectors.joining(File.pathSeparator)));
        command.add(mainClass);
        command.addAll(args);

        Files.createDirectories(logFile.toAbsolutePath().getParent());
        Files.writeString(logFile, "# " + name + ": " + mainClass + " " + String.join(" ", args) + "\n",
                StandardCharsets.UTF_8);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE);
        Process process = builder.start();
        log.info("started {} (pid {}), log {}", name, process.pid(), logFile);
        return new ChildProcess(name, process, logFile);
    }

    private static String javaExecutable() {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        return Files.isExecutable(java) ? java.toString() : "java";
    }

    public String name() {
        return name;
    }

    public long pid() {
        return process.pid();
    }

    public ProcessHandle handle() {
        return process.toHandle();
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    /**
     * Waits until {@code readiness} holds. Fails, quoting the end of the log, if the process exits first or
     * {@code timeout} passes.
     */
    public void awaitReady(Readiness readiness, Duration timeout) throws InterruptedException {
        Instant deadline = Instant.now().plus(timeout);
        while (!readiness.isReady(this)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with code " + process.exitValue()
                        + " before " + readiness.description() + "; last lines of " + logFile + ":\n" + tail(30));
            }
            if (Instant.now().isAfter(deadline)) {
                throw new IllegalStateException(name + " was not ready within " + timeout.toSeconds()
                        + " s (waiting for " + readiness.description() + "); last lines of " + logFile + ":\n"
                        + tail(30));
            }
            Thread.sleep(250);
        }
    }

    /** The last {@code lines} lines of the log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + logFile, e);
        }
    }

    /**
     * Asks the process to stop (SIGTERM, so its shutdown hooks run), kills it after {@code grace}, and then does
     * the same to every process it had started. The descendants are listed before the parent goes, because an
     * orphan is no longer reachable from it.
     */
    public void stop(Duration grace) {
        List<ProcessHandle> descendants = process.descendants().toList();
        if (process.isAlive()) {
            process.destroy();
            if (!waitFor(process.toHandle(), grace)) {
                log.warn("{} (pid {}) did not stop within {} s; killing it", name, process.pid(), grace.toSeconds());
                process.destroyForcibly();
                waitFor(process.toHandle(), grace);
            }
        }
        for (ProcessHandle child : descendants) {
            if (child.isAlive()) {
                child.destroy();
                if (!waitFor(child, grace)) {
                    child.destroyForcibly();
                    waitFor(child, grace);
                }
            }
        }
    }

    private static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (java.util.concurrent.ExecutionException e) {
            return !handle.isAlive();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return !handle.isAlive();
        }
    }

    @Override
    public void close() {
        stop(DEFAULT_GRACE);
    }

    @Override
    public String toString() {
        return name + " (pid " + process.pid() + ", log " + logFile + ")";
    }
}
