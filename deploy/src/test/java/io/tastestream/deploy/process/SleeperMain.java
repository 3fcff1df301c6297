package io.tastestream.deploy.process;

import java.util.List;

/**
 * A stand-in child for the process tests: says it is ready on stdout, writes to stderr, starts a grandchild
 * process ({@code sleep}) and then waits forever. With argument "stubborn" its shutdown hook never finishes, so
 * only a forcible kill stops it.
 */
public final class SleeperMain {
    public static void main(String[] args) throws Exception {
        List<String> options = List.of(args);
        if (options.contains("stubborn")) {
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    Thread.sleep(Long.MAX_VALUE);
                } catch (InterruptedException ignored) {
                    // keep going; only SIGKILL ends this JVM
                }
            }));
        }
        Process grandchild = new ProcessBuilder("sleep", "600").start();
        System.err.println("sleeper stderr line");
        System.out.println("sleeper ready, grandchild pid " + grandchild.pid());
        System.out.flush();
        Thread.sleep(Long.MAX_VALUE);
    }
}
