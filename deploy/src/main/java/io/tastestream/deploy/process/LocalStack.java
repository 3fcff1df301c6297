package io.tastestream.deploy.process;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The processes of a local run: module JVMs started in order, plus resources closed after them (the embedded
 * broker). Closing — explicitly or by the shutdown hook on Ctrl-C — stops the JVMs newest first and then the
 * resources, so no process is left behind.
 */
public final class LocalStack implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LocalStack.class);

    private final Path home;
    private final Path logDir;
    private final Duration grace;
    private final List<ChildProcess> processes = new ArrayList<>();
    private final List<AutoCloseable> resources = new ArrayList<>();
    private final Thread shutdownHook;
    private boolean closed;

    /** Logs go to {@code <dataDir>/logs/<name>.log}. */
    public LocalStack(Path home, Path dataDir, Duration grace) {
        this.home = home;
        this.logDir = dataDir.resolve("logs").toAbsolutePath();
        this.grace = grace;
        this.shutdownHook = new Thread(this::close, "tastestream-local-stack-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    public Path logDir() {
        return logDir;
    }

    /** Closed after all processes, in reverse order of registration. */
    public synchronized <T extends AutoCloseable> T register(T resource) {
        resources.add(resource);
        return resource;
    }

    /**
     * Starts {@code mainClass} of {@code module} in its own JVM and waits until it is ready.
     *
     * @param name used for the log file name and in messages, e.g. "serving"
     */
    public ChildProcess startModule(String name, String module, String mainClass, List<String> args,
                                    Readiness readiness, Duration timeout) throws IOException, InterruptedException {
        List<String> jvmOptions = new ArrayList<>(ChildProcess.DEFAULT_JVM_OPTIONS);
        jvmOptions.add("-D" + ModuleClasspath.HOME_PROPERTY + "=" + home);
        ChildProcess child;
        synchronized (this) {
            if (closed) {
                throw new IllegalStateException("local stack is shutting down");
            }
            child = ChildProcess.start(name, ModuleClasspath.of(home, module), mainClass, args, jvmOptions,
                    logDir.resolve(name + ".log"));
            processes.add(child);
        }
        child.awaitReady(readiness, timeout);
        return child;
    }

    public synchronized List<ChildProcess> processes() {
        return List.copyOf(processes);
    }

    @Override
    public void close() {
        List<ChildProcess> toStop;
        List<AutoCloseable> toClose;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            toStop = new ArrayList<>(processes);
            toClose = new ArrayList<>(resources);
        }
        for (int i = toStop.size() - 1; i >= 0; i--) {
            ChildProcess child = toStop.get(i);
            log.info("stopping {}", child);
            child.stop(grace);
        }
        for (int i = toClose.size() - 1; i >= 0; i--) {
            try {
                toClose.get(i).close();
            } catch (Exception e) {
                log.warn("error while closing {}", toClose.get(i), e);
            }
        }
        if (Thread.currentThread() != shutdownHook) {
            try {
                Runtime.getRuntime().removeShutdownHook(shutdownHook);
            } catch (IllegalStateException alreadyShuttingDown) {
                // the hook is running or about to; it will find us closed
            }
        }
    }
}
