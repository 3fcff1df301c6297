package io.tastestream.deploy.demo;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.deploy.broker.LocalKafka;
import io.tastestream.deploy.process.ChildProcess;
import io.tastestream.deploy.process.LocalStack;
import io.tastestream.deploy.process.ModuleClasspath;
import io.tastestream.deploy.topics.TopicSetup;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The demo's simulated mode against a real broker: fake Spotify listeners are signed in through the PKCE login
 * code, the real {@code spotify poll} and {@code tags} commands run in child JVMs as in the demo, and their output
 * arrives on Kafka: polled plays of each listener on {@code plays} (source spotify), their artists' tags from the
 * fake Last.fm on {@code item-tags} (source lastfm). Closing the stack leaves no poller process.
 */
class SimulatedSourcesTest {
    static final Duration PATIENCE = Duration.ofSeconds(60);

    @TempDir
    Path tmp;

    @Test
    void pollersBringFakeSpotifyPlaysAndFakeLastfmTagsIntoKafka() throws Exception {
        Path dataset = tmp.resolve("synthetic");
        DemoSteps.generateSynthetic(dataset, Instant.now().truncatedTo(ChronoUnit.DAYS), 4, 7L);
        int port;
        try (ServerSocket probe = new ServerSocket(0)) {
            port = probe.getLocalPort();
        }
        LocalStack stack = new LocalStack(ModuleClasspath.home(), tmp, Duration.ofSeconds(10));
        try {
            LocalKafka kafka = stack.register(LocalKafka.start(tmp.resolve("kafka"), port));
            try (Admin admin = kafka.admin()) {
                new TopicSetup(admin, (short) 1).createAll();
            }
            Path config = tmp.resolve("tastestream.properties");
            Files.writeString(config, "kafka.bootstrap.servers=" + kafka.bootstrapServers() + "\n"
                    + "data.dir=" + tmp.resolve("data") + "\n");

            SimulatedSources.Options options = new SimulatedSources.Options(2, Duration.ofSeconds(1),
                    Duration.ofSeconds(2), 42);
            SimulatedSources sources = stack.register(SimulatedSources.startFakes(tmp.resolve("simulated"), options));
            SimulatedSources.Started started = sources.start(dataset, config, stack);
            assertThat(started.users()).hasSize(2);
            assertThat(Files.list(tmp.resolve("simulated").resolve("spotify").resolve("tokens")).map(p ->
                    p.getFileName().toString()).toList())
                    .as("tokens stored by the PKCE sign-in").containsAll(started.users().stream()
                            .map(u -> u + ".json").toList());

            Set<String> usersWithSpotifyPlays = new HashSet<>();
            Set<String> spotifyArtists = new HashSet<>();
            Map<String, ItemTagsEvent> lastfmTags = new HashMap<>();
            try (KafkaConsumer<byte[], byte[]> consumer = consumer(kafka.bootstrapServers())) {
                consumer.subscribe(List.of(Topics.PLAYS.name(), Topics.ITEM_TAGS.name()));
                long deadline = System.nanoTime() + PATIENCE.toNanos();
                while (!(usersWithSpotifyPlays.containsAll(started.users())
                        && lastfmTags.keySet().stream().anyMatch(spotifyArtists::contains))) {
                    assertThat(System.nanoTime()).as("spotify plays of %s and lastfm tags of their artists within "
                            + "%s; so far plays of %s, tags of %s; poller log:%n%s%ntags log:%n%s", started.users(),
                            PATIENCE, usersWithSpotifyPlays, lastfmTags.keySet(), started.poller().tail(20),
                            started.tags().tail(20)).isLessThan(deadline);
                    for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                        if (r.topic().equals(Topics.PLAYS.name())) {
                            PlayEvent play = PlayEvent.SERDE.decode(r.value());
                            assertThat(play.source()).isEqualTo("spotify");
                            assertThat(new String(r.key())).isEqualTo(play.userId());
                            usersWithSpotifyPlays.add(play.userId());
                            spotifyArtists.add(play.artist());
                        } else {
                            ItemTagsEvent tags = ItemTagsEvent.SERDE.decode(r.value());
                            if (tags.source().equals("lastfm") && tags.item().isArtist() && !tags.tags().isEmpty()) {
                                lastfmTags.put(tags.item().artist(), tags);
                            }
                        }
                    }
                }
            }
            assertThat(usersWithSpotifyPlays).containsExactlyInAnyOrderElementsOf(started.users());

            List<ChildProcess> pollers = List.of(started.poller(), started.tags());
            stack.close();
            assertThat(pollers).allSatisfy(p -> assertThat(p.isAlive()).as(p.name() + " stopped").isFalse());
        } finally {
            stack.close();
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, "simulated-sources-test");
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return new KafkaConsumer<>(c);
    }
}
