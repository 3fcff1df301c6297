package io.tastestream.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChildProcessTest {

    @TempDir
    Path tmp;

    /** Only SleeperMain and the JDK are needed in the child: the test-classes directory is enough. */
    private static Path testClasses() throws URISyntaxException {
        return Path.of(SleeperMain.class.getProtectionDomain().getCodeSource().getLocation().toURI());
    }

    private ChildProcess startSleeper(String... args) throws Exception {
        return ChildProcess.start("sleeper", List.of(testClasses()), SleeperMain.class.getName(), List.of(args),
                List.of(), tmp.resolve("logs").resolve("sleeper.log"));
    }

    @Test
    void runsMainInAnotherJvmWithOutputInItsLogAndStopLeavesNothingBehind() throws Exception {
        ChildProcess child = startSleeper();
        try {
            child.awaitReady(Readiness.logContains("sleeper ready"), Duration.ofSeconds(60));
            String log = Files.readString(child.logFile(), StandardCharsets.UTF_8);
            assertThat(log).contains("sleeper ready").contains("sleeper stderr line");
            assertThat(child.pid()).isNotEqualTo(ProcessHandle.current().pid());
            List<ProcessHandle> descendants = child.handle().descendants().toList();
            assertThat(descendants).as("the grandchild 'sleep'").isNotEmpty();

            child.stop(Duration.ofSeconds(10));

            assertThat(child.handle().isAlive()).isFalse();
            assertThat(descendants).noneMatch(ProcessHandle::isAlive);
        } finally {
            child.handle().destroyForcibly();
        }
    }

    @Test
    void killsAChildThatIgnoresTheRequestToStop() throws Exception {
        ChildProcess child = startSleeper("stubborn");
        try {
            child.awaitReady(Readiness.logContains("sleeper ready"), Duration.ofSeconds(60));
            List<ProcessHandle> descendants = child.handle().descendants().toList();

            child.stop(Duration.ofSeconds(1));

            assertThat(child.handle().isAlive()).isFalse();
            assertThat(descendants).noneMatch(ProcessHandle::isAlive);
        } finally {
            child.handle().destroyForcibly();
        }
    }

    @Test
    void awaitReadyFailsWithTheLogWhenTheChildExits() throws Exception {
        // No such main class: the JVM exits at once with an error in the log.
        ChildProcess child = ChildProcess.start("broken", List.of(testClasses()), "no.such.Main", List.of(),
                List.of(), tmp.resolve("broken.log"));
        assertThatThrownBy(() -> child.awaitReady(Readiness.logContains("never"), Duration.ofSeconds(60)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("broken exited with code")
                .hasMessageContaining("no.such.Main");
    }

    @Test
    void localStackStartsAModuleFromItsClasspathFileAndStopsEverythingOnClose() throws Exception {
        Path home = tmp.resolve("home");
        Path target = Files.createDirectories(home.resolve("fake-module").resolve("target").resolve("classes"))
                .getParent();
        Files.writeString(target.resolve("runtime-classpath.txt"), testClasses().toString());

        LocalStack stack = new LocalStack(home, tmp.resolve("data"), Duration.ofSeconds(5));
        ChildProcess child = stack.startModule("sleeper", "fake-module", SleeperMain.class.getName(), List.of(),
                Readiness.logContains("sleeper ready"), Duration.ofSeconds(60));
        try {
            assertThat(child.logFile()).isEqualTo(tmp.resolve("data").resolve("logs").resolve("sleeper.log")
                    .toAbsolutePath());
            assertThat(child.handle().info().arguments().orElseThrow())
                    .contains("-Dtastestream.home=" + home);
            List<ProcessHandle> all = new java.util.ArrayList<>(child.handle().descendants().toList());
            all.add(child.handle());

            stack.close();

            assertThat(all).noneMatch(ProcessHandle::isAlive);
        } finally {
            child.handle().destroyForcibly();
        }
    }

    @Test
    void moduleClasspathNamesTheMissingBuildOutput() {
        assertThatThrownBy(() -> ModuleClasspath.of(tmp, "serving"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("module 'serving' is not built")
                .hasMessageContaining("runtime-classpath.txt");
    }
}
