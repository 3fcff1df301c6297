package io.tastestream.ingest.spotify.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.fake.spotify.FakeSpotifyServer;
import io.tastestream.ingest.fake.spotify.FakeTrack;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import io.tastestream.ingest.spotify.SpotifyPlayIds;
import io.tastestream.ingest.spotify.auth.SpotifyToken;
import io.tastestream.ingest.spotify.auth.TokenStore;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code spotify poll} in its own JVM, killed with SIGKILL (kill -9) several times while plays keep coming, and
 * restarted each time: in the end the topic holds exactly the fake's play history, each play once.
 */
class SpotifyPollerKillTest {
    static final List<String> USERS = List.of("kill-a", "kill-b", "kill-c");

    @TempDir
    Path dir;

    @Test
    void aPollerKilledMidRunAndRestartedLeavesEveryPlayExactlyOnce() throws Exception {
        try (KafkaTestCluster kafka = KafkaTestCluster.start(); FakeSpotifyServer spotify = FakeSpotifyServer.start()) {
            kafka.createTopics();
            // this test is about crashes, not about Spotify's 50-play window: a slow restart must not lose plays
            spotify.withVisiblePlays(100_000);
            Path dataDir = dir.resolve("data");
            for (String user : USERS) {
                Map<String, Object> t = spotify.issueTokens(user);
                TokenStore.under(dataDir).save(user, new SpotifyToken((String) t.get("access_token"),
                        (String) t.get("refresh_token"), Instant.now().plusSeconds(3600), (String) t.get("scope")));
            }
            AtomicInteger n = new AtomicInteger();
            Instant t0 = Instant.now().minus(Duration.ofDays(10)).plusMillis(250);
            Runnable playOne = () -> {
                int i = n.getAndIncrement();
                String user = USERS.get(ThreadLocalRandom.current().nextInt(USERS.size()));
                spotify.account(user).play(new FakeTrack("Artist " + (i % 11), "Track " + i, null, 0),
                        t0.plusSeconds(190L * i));
            };
            // more than 50 per user before the first poll: the first poll pages back through all of them
            for (int i = 0; i < 180; i++) {
                playOne.run();
            }
            // plays keep coming while the poller runs, dies and restarts
            AtomicBoolean feeding = new AtomicBoolean(true);
            Thread feeder = new Thread(() -> {
                while (feeding.get()) {
                    playOne.run();
                    try {
                        Thread.sleep(60);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "feeder");
            feeder.start();

            List<String> args = List.of("--set", "kafka.bootstrap.servers=" + kafka.bootstrapServers(),
                    "--set", "data.dir=" + dataDir, "--set", "spotify.client-id=" + spotify.clientId(),
                    "--set", "spotify.api-url=" + spotify.apiUrl(), "--set", "spotify.accounts-url="
                            + spotify.accountsUrl(), "--set", "spotify.poll-interval=PT0.03S");
            int kills = 0;
            try {
                for (int round = 0; round < 3; round++) {
                    Process child = startChild(args, dir.resolve("child-" + round + ".log"));
                    int target = 180 + round * 15 + ThreadLocalRandom.current().nextInt(10);
                    // kill once it is busy publishing: after some plays of this run reached the topic
                    awaitUntil(() -> countPlays(kafka) >= target, child);
                    // and preferably while a batch is in flight (pending in a state file), the riskiest moment
                    awaitBatchInFlight(dataDir.resolve("spotify").resolve("poll"));
                    child.destroyForcibly().waitFor();
                    kills++;
                }
            } finally {
                feeding.set(false);
                feeder.join();
            }
            Set<String> expected = new HashSet<>();
            for (String user : USERS) {
                spotify.account(user).history().forEach(p -> expected.add(SpotifyPlayIds.of(user, p.track().uri(),
                        p.playedAt())));
            }
            Process last = startChild(args, dir.resolve("child-last.log"));
            try {
                awaitUntil(() -> idsInTopic(kafka).containsAll(expected), last);
            } catch (AssertionError e) {
                Set<String> missing = new HashSet<>(expected);
                missing.removeAll(idsInTopic(kafka));
                throw new AssertionError(e.getMessage() + "; " + missing.size() + " of " + expected.size()
                        + " plays missing; last poller log:\n" + tail(dir.resolve("child-last.log")), e);
            }
            last.destroy(); // SIGTERM: a clean stop
            last.waitFor();

            long resumed = 0;
            for (int round = 0; round < 3; round++) {
                resumed += java.nio.file.Files.readAllLines(dir.resolve("child-" + (round + 1 < 3 ? round + 1 : "last")
                        + ".log")).stream().filter(l -> l.contains("resuming an interrupted batch")).count();
            }
            // informative: how many kills hit a batch between its first send and its cursor commit
            System.out.println("restarts that completed an interrupted batch: " + resumed);
            List<String> ids = new ArrayList<>(idsInTopic(kafka));
            assertThat(kills).isEqualTo(3);
            assertThat(ids).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    static Process startChild(List<String> args, Path log) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path"), PollerChildMain.class.getName()));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    }

    /** Spins until some user's poll state shows a pending batch, for at most 5 s. */
    static void awaitBatchInFlight(Path pollDir) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            try (var files = java.nio.file.Files.list(pollDir)) {
                for (Path f : files.filter(p -> p.toString().endsWith(".json")).toList()) {
                    try {
                        if (java.nio.file.Files.readString(f).contains("\"pending\"")) {
                            return;
                        }
                    } catch (java.io.IOException renamedMeanwhile) {
                        // the poller replaced the file between list and read
                    }
                }
            }
        }
    }

    static String tail(Path log) throws java.io.IOException {
        List<String> lines = java.nio.file.Files.readAllLines(log);
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
    }

    static int countPlays(KafkaTestCluster kafka) {
        return kafka.readAll(Topics.PLAYS.name()).size();
    }

    /** Every playId in the topic, duplicates kept (a list, so a repeat shows). */
    static List<String> idsInTopic(KafkaTestCluster kafka) {
        return kafka.readAll(Topics.PLAYS.name()).stream().map(r -> PlayEvent.SERDE.decode(r.value()).playId())
                .toList();
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition, Process child) throws Exception {
        // a safety net against hanging, not a timing assertion
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while (!condition.getAsBoolean()) {
            if (!child.isAlive()) {
                throw new AssertionError("the poller exited with " + child.exitValue());
            }
            if (System.nanoTime() > deadline) {
                child.destroyForcibly();
                throw new AssertionError("condition not met within 90 s");
            }
            Thread.sleep(25);
        }
    }
}
