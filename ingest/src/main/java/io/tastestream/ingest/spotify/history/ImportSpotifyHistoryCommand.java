package io.tastestream.ingest.spotify.history;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.ImportMetrics;
import io.tastestream.ingest.common.MetricsEndpoint;
import io.tastestream.ingest.common.PublishedIdLedger;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code tastestream import spotify-history --user ID FILES...}. */
@Command(name = "spotify-history", mixinStandardHelpOptions = true,
        description = {"Import a Spotify data export: extended streaming history (Streaming_History_Audio_*.json) "
                + "or account data (StreamingHistory*.json). Music plays go to 'plays' (source spotify-history), "
                + "plays shorter than --min-play or marked skipped go to 'feedback' as SKIP (one marked skipped "
                + "after --min-play is a play and a SKIP); podcasts, audiobooks "
                + "and video are left out and counted. Importing the same files again adds nothing (a ledger of "
                + "published ids is kept under data.dir/ledger/spotify-history)."})
public final class ImportSpotifyHistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(arity = "1..*", paramLabel = "FILES", description = "Export JSON files.")
    List<Path> files;

    @Option(names = "--user", required = true, paramLabel = "ID",
            description = "tastestream user id the history belongs to (exports do not name the user).")
    String user;

    @Option(names = "--min-play", paramLabel = "SECONDS", defaultValue = "30",
            description = "Plays shorter than this many seconds become skips (default: ${DEFAULT-VALUE}).")
    long minPlaySeconds;

    @Option(names = "--no-progress", description = "No progress bar on stderr.")
    boolean noProgress;

    @Option(names = "--metrics-port", paramLabel = "PORT", description = "Serve GET /metrics (Prometheus) on this "
            + "loopback port while importing: tastestream_import_rows_total{source,user,outcome}.")
    Integer metricsPort;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TastestreamConfig settings = config.load();
        String bootstrap = settings.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        Path ledgerDir = ledgerDir(settings);
        HistoryImportSettings importSettings = new HistoryImportSettings(user, Duration.ofSeconds(minPlaySeconds),
                !noProgress);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer metricsServer;
        try {
            metricsServer = MetricsEndpoint.serveIfAsked(registry, metricsPort);
        } catch (IOException e) {
            err.println(e.getMessage());
            return 1;
        }
        try (PublishedIdLedger ledger = PublishedIdLedger.open(ledgerDir);
             AckedPublisher publisher = new AckedPublisher(
                     AckedPublisher.bulkProducerConfig(bootstrap, "tastestream-import-spotify-history"))) {
            HistoryImportSummary summary = new SpotifyHistoryImporter(publisher, ledger,
                    new ImportMetrics(registry, SpotifyHistoryImporter.PLAY_SOURCE, user))
                    .importFiles(files, importSettings);
            out.print(summary.describe());
            out.flush();
            return summary.publishFailures() > 0 || (summary.records() == 0 && summary.rejected() > 0) ? 1 : 0;
        } catch (KafkaException e) {
            err.println("cannot publish to " + bootstrap + ": " + e.getMessage() + " (is the broker running, and "
                    + "were the topics created?)");
            return 1;
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        } finally {
            MetricsEndpoint.stop(metricsServer);
        }
    }

    public static Path ledgerDir(TastestreamConfig settings) {
        return settings.getPath(TastestreamConfig.DATA_DIR).resolve("ledger").resolve("spotify-history");
    }
}
