package io.tastestream.serving.kafka;

import io.tastestream.core.config.TastestreamConfig;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.apache.kafka.streams.state.HostInfo;

/** Kafka client settings of the serving process, derived from the tastestream config. */
public final class ServingKafkaConfig {
    public static final String APPLICATION_ID = "tastestream-serving";

    private ServingKafkaConfig() {}

    /**
     * This instance's address for the others ({@code serving.advertised-host} and {@code serving.port}), or null when
     * no host is advertised (a single instance).
     */
    public static HostInfo advertised(TastestreamConfig config) {
        String host = config.get(TastestreamConfig.SERVING_ADVERTISED_HOST).strip();
        if (host.isEmpty()) {
            return null;
        }
        int port = config.getInt(TastestreamConfig.SERVING_PORT);
        if (port <= 0) {
            throw new IllegalArgumentException(TastestreamConfig.SERVING_ADVERTISED_HOST + " needs a fixed "
                    + TastestreamConfig.SERVING_PORT + ", was " + port);
        }
        return new HostInfo(host, port);
    }

    public static Properties streams(TastestreamConfig config) {
        Properties p = new Properties();
        HostInfo self = advertised(config);
        if (self != null) {
            // where the other instances find the users this one holds (interactive queries)
            p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, self.host() + ":" + self.port());
        }
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, APPLICATION_ID);
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(TastestreamConfig.KAFKA_BOOTSTRAP));
        p.put(StreamsConfig.STATE_DIR_CONFIG,
                config.getPath(TastestreamConfig.DATA_DIR).resolve("serving-state").toAbsolutePath().toString());
        // Recommendations are recomputed from the latest snapshot, so a duplicate after a crash is harmless and the
        // cheaper guarantee is enough. EXACTLY_ONCE_V2 is a one-line change here if consumers start to care.
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.AT_LEAST_ONCE);
        // The topology decodes bytes itself and dead-letters what it cannot read; this handler is only a backstop
        // for anything that still fails in a deserializer (it logs and skips rather than killing the app).
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
        // opt in now to what Kafka 5.0 makes the default (and silence its start-up warning); we have no global stores
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        // recommendations should appear on the page within a second or so of the taste change
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000);
        // The taste job may write in exactly-once mode (taste.delivery): read only committed snapshots. With
        // non-transactional writers this reads the same records, so it is safe in either mode.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        return p;
    }

    public static Properties feedbackProducer(TastestreamConfig config) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, config.get(TastestreamConfig.KAFKA_BOOTSTRAP));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, APPLICATION_ID + "-feedback");
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        // a web request waits for the broker; fail fast rather than hold the page for a minute when Kafka is down
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        p.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class);
        return p;
    }
}
