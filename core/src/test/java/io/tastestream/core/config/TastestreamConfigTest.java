package io.tastestream.core.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TastestreamConfigTest {

    @Test
    void laterSourcesWinAndSecretsAreMasked(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.properties");
        Files.writeString(file, "taste.half-life=P30D\nserving.port=9000\nlastfm.api-key=abc123secret\n");
        TastestreamConfig c = TastestreamConfig.load(file,
                Map.of("TASTESTREAM_SERVING_PORT", "9100", "UNRELATED", "x"),
                Map.of("kafka.bootstrap.servers", "broker:9093"));
        assertThat(c.getDuration(TastestreamConfig.HALF_LIFE)).isEqualTo(Duration.ofDays(30));
        assertThat(c.getInt(TastestreamConfig.SERVING_PORT)).isEqualTo(9100);
        assertThat(c.get(TastestreamConfig.KAFKA_BOOTSTRAP)).isEqualTo("broker:9093");
        assertThat(c.describe()).contains("lastfm.api-key=****").doesNotContain("abc123secret");
    }

    @Test
    void typosAndBadValuesAreRefusedWithTheKey(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("t.properties");
        Files.writeString(file, "taste.halflife=P30D\n");
        assertThatThrownBy(() -> TastestreamConfig.load(file, Map.of(), Map.of()))
                .hasMessageContaining("unknown setting 'taste.halflife'").hasMessageContaining(file.toString());
        TastestreamConfig c = TastestreamConfig.defaultsOnly().with(TastestreamConfig.HALF_LIFE, "90 days");
        assertThatThrownBy(() -> c.getDuration(TastestreamConfig.HALF_LIFE))
                .hasMessageContaining("taste.half-life").hasMessageContaining("90 days");
    }

    @Test
    void storedConfigReadsBackTheSame(@TempDir Path dir) throws Exception {
        TastestreamConfig c = TastestreamConfig.defaultsOnly().with(TastestreamConfig.SERVING_PORT, "1234");
        c.store(dir.resolve("x/t.properties"));
        assertThat(TastestreamConfig.load(dir.resolve("x/t.properties"), Map.of(), Map.of()).asMap())
                .isEqualTo(c.asMap());
    }
}
