package io.tastestream.deploy.process;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ModuleMainLauncherTest {

    @Test
    void stageJvmOptionsAreSplitOnWhitespace() {
        assertThat(ModuleMainLauncher.stageJavaOptions(" -Xmx1g  -XX:+UseG1GC ")).containsExactly("-Xmx1g",
                "-XX:+UseG1GC");
        assertThat(ModuleMainLauncher.stageJavaOptions(null)).isEmpty();
        assertThat(ModuleMainLauncher.stageJavaOptions("  ")).isEmpty();
    }
}
