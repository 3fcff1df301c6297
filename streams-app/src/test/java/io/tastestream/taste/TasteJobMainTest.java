package io.tastestream.taste;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.config.TastestreamConfig;
import java.nio.file.Path;
import java.time.Duration;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.runtime.state.StateBackend;
import org.apache.flink.runtime.state.StateBackendLoader;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class TasteJobMainTest {
    @TempDir
    Path dataDir;

    @Test
    void flinkRunsOnRocksDbWithIncrementalCheckpointsUnderDataDir() throws Exception {
        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.DATA_DIR, dataDir.toString())
                .with(TastestreamConfig.FLINK_DASHBOARD_PORT, "18081")
                .with(TastestreamConfig.CHECKPOINT_INTERVAL, "PT7S");

        Configuration flink = TasteJobMain.flinkConfiguration(config);

        StateBackend backend = StateBackendLoader.loadStateBackendFromConfig(flink, getClass().getClassLoader(), null);
        assertThat(backend).isInstanceOf(EmbeddedRocksDBStateBackend.class);
        assertThat(((EmbeddedRocksDBStateBackend) backend).isIncrementalCheckpointsEnabled()).isTrue();
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTING_INTERVAL)).isEqualTo(Duration.ofSeconds(7));
        assertThat(flink.get(CheckpointingOptions.CHECKPOINTS_DIRECTORY))
                .startsWith("file:/").isEqualTo(dataDir.resolve("flink-checkpoints").toUri().toString());
        assertThat(flink.get(RestOptions.PORT)).isEqualTo(18081);
    }

    @Test
    void optionsParse() {
        TasteJobMain main = new TasteJobMain();
        new CommandLine(main).parseArgs("--dedup-ttl", "P7D", "--fresh", "--set", "flink.parallelism=2");

        assertThat(main.dedupTtl).isEqualTo(Duration.ofDays(7));
        assertThat(main.fresh).isTrue();
        assertThat(main.configOptions.load().getInt(TastestreamConfig.FLINK_PARALLELISM)).isEqualTo(2);
    }

    @Test
    void dedupTtlComesFromTheSettingsUnlessGivenAndDefaultsToThirtyDays() {
        TasteJobMain main = new TasteJobMain();
        new CommandLine(main).parseArgs("--from-savepoint", "/tmp/sp");
        assertThat(main.dedupTtl).isNull();
        assertThat(main.fromSavepoint).isEqualTo(Path.of("/tmp/sp"));
        assertThat(main.configOptions.load().getDuration(TastestreamConfig.DEDUP_TTL)).isEqualTo(Duration.ofDays(30));
    }
}
