package io.tastestream.ingest.lastfm;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.ingest.common.MetricsEndpoint;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tastestream import lastfm USER}: a Last.fm user's scrobbles into the plays topic, resumable. */
@Command(name = "lastfm", mixinStandardHelpOptions = true,
        description = {"Import a Last.fm user's scrobbles (user.getRecentTracks, 200 per page, oldest first) into "
                + "the plays topic, one play per scrobble (source lastfm, playedAt = scrobble time).",
                "Progress is stored per user under data.dir/lastfm-import after every page Kafka acknowledged: run "
                + "the same command again after a crash or Ctrl-C to resume; after a completed import it fetches "
                + "only newer scrobbles.",
                "Needs lastfm.api-key (environment TASTESTREAM_LASTFM_API_KEY)."})
public final class ImportLastfmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "USER", description = "Last.fm user name.")
    String lastfmUser;

    @Option(names = "--as", paramLabel = "USER_ID",
            description = "tastestream user id to file the plays under (default: the Last.fm user name).")
    String userId;

    @Option(names = "--from", paramLabel = "DATE|INSTANT",
            description = "First scrobble time, inclusive: 2024-01-31 (UTC) or 2024-01-31T08:00:00Z. Default: "
                    + "after the last completed import, else the beginning.")
    String from;

    @Option(names = "--to", paramLabel = "DATE|INSTANT",
            description = "Last scrobble time, inclusive (a date means the end of that UTC day). Default: now.")
    String to;

    @Option(names = "--restart", description = "Ignore stored progress for this user and start afresh.")
    boolean restart;

    @Option(names = "--requests-per-second", paramLabel = "N", defaultValue = "5",
            description = "At most this many Last.fm calls per second (Last.fm asks for <= 5). Default: ${DEFAULT-VALUE}.")
    double requestsPerSecond;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve GET /metrics (Prometheus) on this "
            + "loopback port while importing: tastestream_lastfm_import_requests_total, _throttled_total, "
            + "_plays_total and _rejected_total{reason}.")
    Integer metricsPort;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TastestreamConfig settings = config.load();
        ImportRequest request;
        try {
            request = ImportRequest.of(lastfmUser).withUserId(userId == null ? lastfmUser : userId)
                    .withWindow(parseTime(from, false), parseTime(to, true)).withRestart(restart);
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        LastfmClient client;
        try {
            client = new LastfmClient(settings.get("lastfm.api-url"), settings.get("lastfm.api-key"), userAgent());
        } catch (IllegalArgumentException e) {
            err.println(e.getMessage());
            return 2;
        }
        String bootstrap = settings.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer metricsServer;
        try {
            metricsServer = MetricsEndpoint.serveIfAsked(registry, metricsPort);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        CountDownLatch finished = new CountDownLatch(1);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(LastfmImporter.producerConfig(bootstrap));
             KafkaConsumer<byte[], byte[]> tailConsumer = new KafkaConsumer<>(PlaysTail.consumerConfig(bootstrap))) {
            LastfmImporter importer = new LastfmImporter(client, producer, new PlaysTail(tailConsumer),
                    settings.getPath(TastestreamConfig.DATA_DIR), TokenBucket.forLastfm(requestsPerSecond),
                    registry);
            // Ctrl-C: finish and store the current page, so the next run resumes right after it
            Thread hook = new Thread(() -> {
                importer.stop();
                try {
                    finished.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "lastfm-import-shutdown");
            Runtime.getRuntime().addShutdownHook(hook);
            try {
                out.println("Importing Last.fm scrobbles of " + lastfmUser + " into " + bootstrap + " (Ctrl-C stops "
                        + "after the current page)");
                out.flush();
                ImportSummary summary = importer.importUser(request, !noProgress);
                out.println(summary.describe());
                return summary.completed() ? 0 : 1;
            } finally {
                finished.countDown();
                try {
                    Runtime.getRuntime().removeShutdownHook(hook);
                } catch (IllegalStateException shuttingDown) {
                    // the hook runs already; it returns now that we are finished
                }
            }
        } catch (KafkaException e) {
            err.println("cannot publish to " + bootstrap + ": " + e.getMessage());
            return 1;
        } finally {
            out.flush();
            MetricsEndpoint.stop(metricsServer);
        }
    }

    static String userAgent() {
        return "tastestream/0.1 (self-hosted music recommender)";
    }

    /** 2024-01-31 (start of that UTC day, or its end for {@code endOfDay}) or an ISO instant; null stays null. */
    static Instant parseTime(String text, boolean endOfDay) {
        if (text == null || text.isBlank()) {
            return null;
        }
        try {
            return Instant.parse(text.trim());
        } catch (DateTimeParseException notInstant) {
            try {
                LocalDate day = LocalDate.parse(text.trim());
                return endOfDay ? day.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant().minusSeconds(1)
                        : day.atStartOfDay(ZoneOffset.UTC).toInstant();
            } catch (DateTimeParseException e) {
                throw new IllegalArgumentException("'" + text + "' is neither a date (2024-01-31) nor an instant "
                        + "(2024-01-31T08:00:00Z)");
            }
        }
    }
}
