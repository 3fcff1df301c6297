package io.tastestream.taste;

import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.taste.job.RetainedCheckpoints;
import io.tastestream.taste.job.TasteJob;
import io.tastestream.taste.job.TasteJobOptions;
import io.tastestream.taste.kafka.TasteDelivery;
import io.tastestream.taste.kafka.TasteKafka;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.ExternalizedCheckpointRetention;
import org.apache.flink.configuration.PipelineOptions;
import org.apache.flink.configuration.RestOptions;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.configuration.StateRecoveryOptions;
import org.apache.flink.core.execution.RecoveryClaimMode;
import org.apache.flink.state.rocksdb.RocksDBNativeMetricOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * Runs the taste job in this JVM on a local Flink cluster with the web dashboard, RocksDB state, checkpoints and a
 * Prometheus endpoint ({@code flink.metrics-port}).
 */
@Command(name = "taste-job", mixinStandardHelpOptions = true,
        description = "Runs the Flink taste job: plays, feedback and item tags -> taste snapshots per user.")
public final class TasteJobMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(TasteJobMain.class);
    /** Name of the Prometheus reporter in the Flink configuration. */
    static final String PROMETHEUS_REPORTER = "prometheus";

    @Mixin
    ConfigOptions configOptions;

    @Option(names = "--dedup-ttl", paramLabel = "DURATION",
            description = "How long applied play ids are remembered to drop redelivered plays (ISO-8601; overrides "
                    + "taste.dedup-ttl, default P30D).")
    Duration dedupTtl;

    @Option(names = "--fresh", description = "Do not resume from the newest checkpoint under data.dir; start with "
            + "empty state (Kafka offsets then come from the consumer group, or earliest).")
    boolean fresh;

    @Option(names = "--from-savepoint", paramLabel = "PATH", description = "Resume from this savepoint (or retained "
            + "checkpoint) directory, e.g. one written by `taste-savepoint`, instead of the newest checkpoint.")
    Path fromSavepoint;

    public static void main(String[] args) {
        System.exit(new CommandLine(new TasteJobMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        TastestreamConfig config = configOptions.load();
        if (dedupTtl != null) {
            config = config.with(TastestreamConfig.DEDUP_TTL, dedupTtl.toString());
        }
        LOG.info("taste job settings:\n{}", config.describe());
        Configuration flink = flinkConfiguration(config);
        if (fromSavepoint != null) {
            if (!Files.isRegularFile(fromSavepoint.resolve("_metadata"))) {
                throw new IllegalArgumentException("--from-savepoint " + fromSavepoint + " is not a savepoint or "
                        + "checkpoint directory (it has no _metadata file)");
            }
            LOG.info("resuming from savepoint {}", fromSavepoint);
            flink.set(StateRecoveryOptions.SAVEPOINT_PATH, fromSavepoint.toAbsolutePath().toUri().toString());
            // a savepoint stays the user's: the new run copies nothing from it and never deletes it
            flink.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.NO_CLAIM);
        } else if (!fresh) {
            Optional<Path> latest = RetainedCheckpoints.latest(checkpointsDir(config));
            latest.ifPresent(checkpoint -> {
                LOG.info("resuming from checkpoint {}", checkpoint);
                flink.set(StateRecoveryOptions.SAVEPOINT_PATH, checkpoint.toUri().toString());
                // the new run owns the files it resumed from, so old checkpoints do not pile up
                flink.set(StateRecoveryOptions.RESTORE_MODE, RecoveryClaimMode.CLAIM);
            });
        }

        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironmentWithWebUI(flink);
        env.setParallelism(config.getInt(TastestreamConfig.FLINK_PARALLELISM));
        String bootstrap = config.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        TasteDelivery delivery = TasteDelivery.from(config);
        LOG.info("delivery to Kafka: {}", delivery.settingValue());
        TasteJob.build(env, TasteKafka.inputSource(bootstrap), TasteKafka.tasteSink(bootstrap, delivery),
                TasteKafka.deadLetterSink(bootstrap, delivery), TasteJobOptions.from(config));
        LOG.info("Flink dashboard: http://localhost:{}", flink.get(RestOptions.PORT));
        LOG.info("Prometheus metrics: http://localhost:{}/metrics",
                config.getInt(TastestreamConfig.FLINK_METRICS_PORT));
        env.execute(TasteJob.JOB_NAME);
        return 0;
    }

    /** Flink settings derived from ours. Flink 2.x configures state backend and checkpoints only through options. */
    public static Configuration flinkConfiguration(TastestreamConfig config) {
        Configuration flink = new Configuration();
        flink.set(RestOptions.PORT, config.getInt(TastestreamConfig.FLINK_DASHBOARD_PORT));
        flink.set(StateBackendOptions.STATE_BACKEND, "rocksdb");
        flink.set(CheckpointingOptions.CHECKPOINTING_INTERVAL,
                config.getDuration(TastestreamConfig.CHECKPOINT_INTERVAL));
        flink.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, true);
        // records pass between chained operators as they are instead of as deep copies: every record type of the job
        // is immutable (Java records; no function changes RawRecord's byte arrays) and no function keeps its input
        // to change it later. Saves a reflective copy of every raw record between the source and parse.
        flink.set(PipelineOptions.OBJECT_REUSE, true);
        flink.set(CheckpointingOptions.CHECKPOINT_STORAGE, "filesystem");
        flink.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpointsDir(config).toUri().toString());
        flink.set(CheckpointingOptions.SAVEPOINT_DIRECTORY, savepointsDir(config).toUri().toString());
        // the dashboard and `taste-savepoint` find the state size and savepoints under these names
        flink.set(RocksDBNativeMetricOptions.ESTIMATE_LIVE_DATA_SIZE, true);
        flink.set(RocksDBNativeMetricOptions.MONITOR_TOTAL_SST_FILES_SIZE, true);
        flink.set(RocksDBNativeMetricOptions.ESTIMATE_NUM_KEYS, true);
        // Prometheus scrapes every Flink metric of the job (tasteUpdates, duplicateEvents, crossSourceDuplicates,
        // lateEvents, deadLetters, state size, Flink's own) at http://host:PORT/metrics
        flink.setString("metrics.reporter." + PROMETHEUS_REPORTER + ".factory.class",
                "org.apache.flink.metrics.prometheus.PrometheusReporterFactory");
        flink.setString("metrics.reporter." + PROMETHEUS_REPORTER + ".port",
                Integer.toString(config.getInt(TastestreamConfig.FLINK_METRICS_PORT)));
        // kept when the process stops, so the next start can resume from it (see RetainedCheckpoints)
        flink.set(CheckpointingOptions.EXTERNALIZED_CHECKPOINT_RETENTION,
                ExternalizedCheckpointRetention.RETAIN_ON_CANCELLATION);
        return flink;
    }

    public static Path savepointsDir(TastestreamConfig config) {
        return config.getPath(TastestreamConfig.DATA_DIR).toAbsolutePath().normalize().resolve("flink-savepoints");
    }

    public static Path checkpointsDir(TastestreamConfig config) {
        return config.getPath(TastestreamConfig.DATA_DIR).toAbsolutePath().normalize().resolve("flink-checkpoints");
    }
}
