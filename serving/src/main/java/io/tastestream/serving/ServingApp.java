package io.tastestream.serving;

import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.serving.api.FeedbackPublisher;
import io.tastestream.serving.api.LatestRecommendations;
import io.tastestream.serving.api.ServingApi;
import io.tastestream.serving.kafka.ServingKafkaConfig;
import io.tastestream.serving.kafka.TopicSetup;
import io.tastestream.serving.metrics.ServingCounters;
import io.tastestream.serving.recommend.SwappableRecommender;
import io.tastestream.serving.topology.ServingTopology;
import io.tastestream.serving.web.ServingWebServer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running serving process: the Kafka Streams application, the feedback producer, metrics and the HTTP server,
 * started together and closed together (HTTP first, so no request sees a closed store or producer).
 */
public final class ServingApp implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ServingApp.class);
    private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(30);
    /** The topics serving reads or writes; created when missing. */
    static final List<Topic<?, ?>> TOPICS = List.of(Topics.TASTE, Topics.RECOMMENDATIONS, Topics.DEAD_LETTERS,
            Topics.FEEDBACK);

    // assigned in start order; close() skips what a failed start never created
    private PrometheusMeterRegistry registry;
    private KafkaStreams streams;
    private KafkaStreamsMetrics streamsMetrics;
    private Producer<byte[], byte[]> producer;
    private KafkaClientMetrics producerMetrics;
    private ServingWebServer web;
    private ScheduledExecutorService reloader;
    private final CountDownLatch stopped = new CountDownLatch(1);
    private boolean closed;

    private ServingApp() {}

    private void startAll(TastestreamConfig config, SwappableRecommender recommender) throws Exception {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                config.get(TastestreamConfig.KAFKA_BOOTSTRAP)))) {
            List<String> created = TopicSetup.ensure(admin, TOPICS);
            if (!created.isEmpty()) {
                LOG.info("created topics {}", created);
            }
        }
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ServingCounters counters = ServingCounters.register(registry);
        recommender.bindTo(registry);
        streams = new KafkaStreams(ServingTopology.build(recommender, counters), ServingKafkaConfig.streams(config));
        streams.setUncaughtExceptionHandler(e -> {
            // records the topology cannot use are dead-lettered; reaching this is a bug or a broker problem: this
            // instance stops (its partitions go to the other instances, if any) rather than retry in a loop
            LOG.error("serving stream thread failed; shutting down", e);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        streams.setStateListener((newState, oldState) -> {
            LOG.info("streams {} -> {}", oldState, newState);
            if (newState == KafkaStreams.State.ERROR || newState == KafkaStreams.State.NOT_RUNNING) {
                stopped.countDown();
            }
        });
        streamsMetrics = new KafkaStreamsMetrics(streams);
        streamsMetrics.bindTo(registry);
        producer = new KafkaProducer<>(ServingKafkaConfig.feedbackProducer(config));
        producerMetrics = new KafkaClientMetrics(producer);
        producerMetrics.bindTo(registry);
        streams.start();
        ServingApi api = new ServingApi(streams::state,
                LatestRecommendations.of(streams, ServingKafkaConfig.advertised(config)),
                new FeedbackPublisher(producer, Topics.FEEDBACK), registry, Clock.systemUTC(), recommender::versions);
        web = ServingWebServer.start(api, config.getInt(TastestreamConfig.SERVING_PORT));
        LOG.info("serving on http://localhost:{}/", web.port());
        Duration interval = config.getDuration(TastestreamConfig.RELOAD_INTERVAL);
        if (!interval.isZero() && !interval.isNegative()) {
            reloader = Executors.newSingleThreadScheduledExecutor(r -> {
                Thread t = new Thread(r, "model-reload");
                t.setDaemon(true);
                return t;
            });
            // a new catalog or ranker version is picked up on the next poll, without a restart
            reloader.scheduleWithFixedDelay(() -> {
                try {
                    recommender.reload();
                } catch (RuntimeException e) {
                    LOG.error("reloading the catalog or ranker failed; still serving {}", recommender.get().version(), e);
                }
            }, interval.toMillis(), interval.toMillis(), TimeUnit.MILLISECONDS);
            LOG.info("watching {} and {} for new versions every {}", config.get(TastestreamConfig.CATALOG_DIR),
                    config.get(TastestreamConfig.RANKER_DIR), interval);
        }
    }

    /**
     * Creates missing topics, starts the streams application and the HTTP server on {@code serving.port}, and polls
     * for new catalog and ranker versions every {@code serving.reload-interval}.
     */
    public static ServingApp start(TastestreamConfig config, SwappableRecommender recommender) throws Exception {
        ServingApp app = new ServingApp();
        try {
            app.startAll(config, recommender);
            return app;
        } catch (Exception | Error e) {
            // e.g. the port is taken: do not leave stream threads and a producer running behind a failed start
            app.close();
            throw e;
        }
    }

    public int port() {
        return web.port();
    }

    public KafkaStreams streams() {
        return streams;
    }

    /** Blocks until the streams application stops: closed, or failed (then {@link #failed()} is true). */
    public void awaitStop() throws InterruptedException {
        stopped.await();
    }

    public boolean failed() {
        return streams != null && streams.state() == KafkaStreams.State.ERROR;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        LOG.info("stopping serving");
        if (reloader != null) {
            reloader.shutdownNow();
        }
        if (web != null) {
            web.close();
        }
        if (streams != null) {
            streams.close(CLOSE_TIMEOUT);
        }
        if (streamsMetrics != null) {
            streamsMetrics.close();
        }
        if (producer != null) {
            producer.close(CLOSE_TIMEOUT);
        }
        if (producerMetrics != null) {
            producerMetrics.close();
        }
        if (registry != null) {
            registry.close();
        }
        stopped.countDown();
    }
}
