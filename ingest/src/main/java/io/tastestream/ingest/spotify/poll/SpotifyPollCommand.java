package io.tastestream.ingest.spotify.poll;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.ingest.common.MetricsEndpoint;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.PublishedRecordFinder;
import io.tastestream.ingest.spotify.SpotifySettings;
import io.tastestream.ingest.spotify.auth.TokenStore;
import java.io.PrintWriter;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tastestream spotify poll}. */
@Command(name = "poll", mixinStandardHelpOptions = true,
        description = "Poll the recently-played list of every logged-in user (see 'spotify login') every "
                + "spotify.poll-interval and publish new plays to 'plays' (source spotify), each exactly once, "
                + "also across crashes. Runs until Ctrl-C, or one round with --once. Metrics in Prometheus format "
                + "on --metrics-port.")
public final class SpotifyPollCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--users", split = ",", paramLabel = "ID", description = "Only these users (default: all "
            + "with stored tokens).")
    List<String> users = new ArrayList<>();

    @Option(names = "--once", description = "Poll each user once, print a summary and exit.")
    boolean once;

    @Option(names = "--threads", defaultValue = "4", description = "Users polled in parallel (default: "
            + "${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve GET /metrics (Prometheus) on this "
            + "loopback port.")
    Integer metricsPort;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TastestreamConfig cfg = config.load();
        SpotifySettings settings = SpotifySettings.from(cfg);
        try {
            settings.requireClientId();
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 1;
        }
        List<String> who = users.isEmpty() ? TokenStore.under(settings.dataDir()).users() : users;
        if (who.isEmpty()) {
            err.println("no Spotify users: log one in first with 'tastestream spotify login --user ID'");
            return 1;
        }
        String bootstrap = cfg.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        PollerMetrics metrics = new PollerMetrics(registry);
        HttpServer metricsServer = metricsPort == null ? null : MetricsEndpoint.serve(registry, metricsPort);
        try (AckedPublisher publisher = new AckedPublisher(bootstrap, "tastestream-spotify-poller");
             PublishedRecordFinder finder = new PublishedRecordFinder(bootstrap)) {
            SpotifyPoller poller = new SpotifyPoller(settings, publisher, finder, metrics, Clock.systemUTC());
            if (once) {
                int failed = 0;
                for (String user : who) {
                    PollOutcome o = poller.pollOnce(user);
                    out.println(user + ": " + switch (o.status()) {
                        case INGESTED -> o.plays() + " new plays" + (o.possibleGap() ? " (plays may have been lost "
                                + "before these: more than 50 since the last poll)" : "");
                        case THROTTLED -> "throttled by Spotify, retry after " + o.retryAfter().toSeconds() + " s";
                        case FAILED -> "failed (" + o.errorKind() + "): " + o.message();
                        case NEEDS_LOGIN -> "NEEDS LOGIN: " + o.message();
                    });
                    failed += o.status() == PollOutcome.Status.INGESTED ? 0 : 1;
                }
                out.flush();
                return failed == 0 ? 0 : 1;
            }
            out.println("Polling " + who.size() + " Spotify user(s) every " + settings.pollInterval().toSeconds()
                    + " s into " + bootstrap + (metricsServer == null ? "" : "; metrics on http://127.0.0.1:"
                    + metricsServer.getAddress().getPort() + "/metrics") + " (Ctrl-C stops)");
            out.flush();
            CountDownLatch stop = new CountDownLatch(1);
            PollScheduler scheduler = new PollScheduler(poller, PollScheduler.Timing.of(settings.pollInterval()),
                    Clock.systemUTC(), Math.max(1, threads));
            Thread hook = new Thread(() -> {
                scheduler.close();
                stop.countDown();
            }, "spotify-poll-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            scheduler.start(who);
            stop.await();
            return 0;
        } finally {
            if (metricsServer != null) {
                metricsServer.stop(0);
            }
        }
    }
}
