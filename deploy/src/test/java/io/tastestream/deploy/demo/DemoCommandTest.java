package io.tastestream.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DemoCommandTest {

    @Test
    void kafkaPortComesFromALocalBootstrapAddress() {
        assertThat(DemoCommand.localPort("localhost:9092")).isEqualTo(9092);
        assertThat(DemoCommand.localPort("127.0.0.1:19092,localhost:1")).isEqualTo(19092);
        assertThatThrownBy(() -> DemoCommand.localPort("kafka.example.com:9092"))
                .hasMessageContaining("runs its own Kafka");
    }

    @Test
    void sampleUserIsTheFirstUserOfTheDataset(@TempDir Path dataset) throws Exception {
        Files.writeString(dataset.resolve("user_artists.dat"), "userID\tartistID\tweight\n2\t51\t13883\n2\t52\t1\n");
        assertThat(DemoCommand.sampleUser(dataset)).contains("2");
        assertThat(DemoCommand.sampleUser(dataset.resolve("missing"))).isEmpty();

        // With a Last.fm-1K play file, replay keys plays by its user ids.
        Files.writeString(dataset.resolve("plays.tsv"), "synthetic-01\t2025-02-08T17:23:22Z\t\tA\t\tT\n");
        assertThat(DemoCommand.sampleUser(dataset)).contains("synthetic-01");
    }
}
