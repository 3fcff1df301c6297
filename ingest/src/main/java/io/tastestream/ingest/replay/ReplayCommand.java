package io.tastestream.ingest.replay;

import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.ingest.dataset.Dataset;
import io.tastestream.ingest.dataset.DatasetReader;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tastestream replay --data DIR}: publishes a dataset's tags and plays to Kafka. */
@Command(name = "replay", mixinStandardHelpOptions = true,
        description = "Publish a dataset to Kafka: artists' tags to item-tags, then plays to plays in event-time "
                + "order (record timestamp = event time). DIR is a HetRec 2011 / synthetic dataset directory "
                + "(optionally with plays.tsv) or a Last.fm-1K .tsv file.")
public final class ReplayCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR",
            description = "Dataset directory or Last.fm-1K play file.")
    Path data;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S",
            description = "Plays per second (default: as fast as possible). Tags always go at full speed.")
    double rate;

    @Option(names = "--limit", paramLabel = "N", description = "Publish at most N plays (the earliest).")
    long limit;

    @Option(names = "--users", paramLabel = "ID", split = ",",
            description = "Only these user ids, comma-separated (HetRec: the numeric userID).")
    List<String> users = List.of();

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TastestreamConfig settings = config.load();
        ReplaySettings replay = ReplaySettings.defaults().withRate(rate).withLimit(limit)
                .withUsers(new LinkedHashSet<>(users)).withProgress(!noProgress);

        Dataset dataset = new DatasetReader().read(data);
        out.println("Read " + data + " (" + dataset.kind().name().toLowerCase(java.util.Locale.ROOT) + "): "
                + dataset.describeRows() + (dataset.problemCount() > 0
                ? "; " + dataset.problemCount() + " lines skipped" : ""));
        ReplayPlan plan = ReplayPlanner.plan(dataset, replay);
        if (plan.playsNote() != null) {
            out.println("NOTE: " + plan.playsNote());
        }
        if (plan.events() == 0) {
            err.println("nothing to publish" + (users.isEmpty() ? "" : " for users " + users));
            return 1;
        }
        String bootstrap = settings.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        out.println("Publishing " + plan.tagEvents().size() + " item-tags and " + plan.plays().size()
                + " plays to " + bootstrap + (rate > 0 ? " at " + rate + " plays/s" : "") + " (Ctrl-C stops)");
        out.flush();

        CountDownLatch finished = new CountDownLatch(1);
        Replayer replayer = new Replayer(bootstrap);
        // Ctrl-C: let the replay loop stop, flush and close the producer before the JVM goes
        Thread hook = new Thread(() -> {
            replayer.stop();
            try {
                finished.await(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "replay-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            ReplaySummary summary = replayer.publish(plan, replay);
            out.println(summary.describe());
            return summary.sendFailures() > 0 ? 1 : 0;
        } catch (KafkaException e) {
            // typically: no broker at that address, or the topics do not exist and auto-creation is off
            err.println("cannot publish to " + bootstrap + ": " + e.getMessage() + " (is the broker running, and "
                    + "were the topics created, e.g. with 'tastestream topics'?)");
            return 1;
        } finally {
            replayer.close();
            out.flush();
            finished.countDown();
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is already running (Ctrl-C); it returns now that we are finished
            }
        }
    }
}
