package io.tastestream.serving.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.config.TastestreamConfig;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

class ServingKafkaConfigTest {

    @Test
    void aSingleInstanceAdvertisesNothingAndSeveralAdvertiseHostAndPort() {
        TastestreamConfig single = TastestreamConfig.defaultsOnly();
        assertThat(ServingKafkaConfig.advertised(single)).isNull();
        assertThat(ServingKafkaConfig.streams(single)).doesNotContainKey(StreamsConfig.APPLICATION_SERVER_CONFIG);

        TastestreamConfig one = single.with(TastestreamConfig.SERVING_ADVERTISED_HOST, "serving-1.serving")
                .with(TastestreamConfig.SERVING_PORT, "8088");
        assertThat(ServingKafkaConfig.streams(one))
                .containsEntry(StreamsConfig.APPLICATION_SERVER_CONFIG, "serving-1.serving:8088");
    }

    @Test
    void anAdvertisedHostNeedsAFixedPort() {
        TastestreamConfig config = TastestreamConfig.defaultsOnly()
                .with(TastestreamConfig.SERVING_ADVERTISED_HOST, "serving-1").with(TastestreamConfig.SERVING_PORT, "0");
        assertThatThrownBy(() -> ServingKafkaConfig.streams(config)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("serving.advertised-host").hasMessageContaining("serving.port");
    }
}
