package io.tastestream.ingest.tags;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.ingest.common.MetricsEndpoint;
import io.tastestream.ingest.lastfm.LastfmClient;
import io.tastestream.ingest.lastfm.TokenBucket;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
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
import picocli.CommandLine.Spec;

/** {@code tastestream tags}: Last.fm tags for every artist and track in plays; or genres from a CSV. */
@Command(name = "tags", mixinStandardHelpOptions = true,
        description = {"Follow the plays topic and publish the Last.fm top tags of every newly seen artist and "
                + "track to item-tags (source lastfm): at most --requests-per-second calls, error 29 backs off, "
                + "answers cached in data.dir/tag-cache so a restart asks nothing twice. Needs lastfm.api-key.",
                "With --genres-csv FILE: publish the artist genres of a CSV shaped like Spotify's "
                + "data_w_genres.csv (source spotify-genres) and exit; artists with Last.fm tags keep those."})
public final class TagsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--genres-csv", paramLabel = "FILE",
            description = "Load artist genres from this CSV (columns 'artists' and 'genres') instead of polling.")
    Path genresCsv;

    @Option(names = "--until-caught-up", description = "Stop once every play in the topic has been looked at.")
    boolean untilCaughtUp;

    @Option(names = "--no-track-tags", description = "Only artist tags (halves the Last.fm calls).")
    boolean noTrackTags;

    @Option(names = "--requests-per-second", paramLabel = "N", defaultValue = "5",
            description = "At most this many Last.fm calls per second over all items. Default: ${DEFAULT-VALUE}.")
    double requestsPerSecond;

    @Option(names = "--cache-ttl", paramLabel = "DURATION", defaultValue = "P30D",
            description = "How long a cached answer is trusted (ISO-8601). Default: ${DEFAULT-VALUE}.")
    Duration cacheTtl;

    @Option(names = "--group", paramLabel = "ID", defaultValue = "tastestream-tags",
            description = "Kafka consumer group (its committed offsets say which plays were looked at).")
    String group;

    @Option(names = "--metrics-port", paramLabel = "PORT", defaultValue = "0",
            description = "Serve Prometheus metrics on http://localhost:PORT/metrics (0: off).")
    int metricsPort;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        TastestreamConfig settings = config.load();
        String bootstrap = settings.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        HttpServer metrics = metricsPort > 0 ? MetricsEndpoint.serve(registry, metricsPort) : null;
        Path cacheDir = TagCache.dirUnder(settings.getPath(TastestreamConfig.DATA_DIR));
        try (TagCache cache = TagCache.open(cacheDir, cacheTtl);
             KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(TagPoller.producerConfig(bootstrap))) {
            if (genresCsv != null) {
                GenresLoader.Summary summary = new GenresLoader(producer, cache, TagNormalizer.standard(),
                        Clock.systemUTC(), registry).load(genresCsv);
                out.println(summary.describe());
                return summary.failure() == null ? 0 : 1;
            }
            LastfmClient client;
            try {
                client = new LastfmClient(settings.get("lastfm.api-url"), settings.get("lastfm.api-key"),
                        "tastestream/0.1 (self-hosted music recommender)");
            } catch (IllegalArgumentException e) {
                err.println(e.getMessage());
                return 2;
            }
            try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                    TagPoller.consumerConfig(bootstrap, group))) {
                TagPoller poller = new TagPoller(client, consumer, producer, cache,
                        TokenBucket.forLastfm(requestsPerSecond), TagNormalizer.standard(),
                        TagPoller.Settings.defaults().withTrackTags(!noTrackTags).withUntilCaughtUp(untilCaughtUp),
                        Clock.systemUTC(), registry);
                out.println("Tag poller following plays on " + bootstrap + " (cache " + cacheDir + ", at most "
                        + requestsPerSecond + " calls/s; Ctrl-C stops)");
                out.flush();
                CountDownLatch finished = new CountDownLatch(1);
                Thread hook = new Thread(() -> {
                    poller.stop();
                    try {
                        finished.await(30, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }, "tags-shutdown");
                Runtime.getRuntime().addShutdownHook(hook);
                try {
                    TagPoller.Summary summary = poller.run();
                    out.println(summary.describe());
                    return summary.failure() == null ? 0 : 1;
                } finally {
                    finished.countDown();
                    try {
                        Runtime.getRuntime().removeShutdownHook(hook);
                    } catch (IllegalStateException shuttingDown) {
                        // the hook is running; it returns now
                    }
                }
            }
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            return 1;
        } catch (KafkaException e) {
            err.println("cannot reach Kafka at " + bootstrap + ": " + e.getMessage());
            return 1;
        } finally {
            if (metrics != null) {
                metrics.stop(0);
            }
            out.flush();
        }
    }
}
