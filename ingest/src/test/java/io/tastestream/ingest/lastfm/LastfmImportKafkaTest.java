package io.tastestream.ingest.lastfm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.fake.lastfm.FakeLastfmApi;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code import lastfm} against the fake Last.fm API and a real single-node KRaft broker. */
class LastfmImportKafkaTest {
    private static final String KEY = "test-key-0123456789abcdef";
    private static final Instant T0 = Instant.parse("2024-03-01T00:00:00Z");

    private static KafkaTestCluster kafka;

    @TempDir
    Path dataDir;

    private FakeLastfmApi fake;
    private Map<TopicPartition, Long> playsMark;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
        kafka.createTopics();
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void startFake() throws Exception {
        fake = FakeLastfmApi.start(KEY);
        playsMark = kafka.mark(Topics.PLAYS.name());
    }

    @AfterEach
    void stopFake() {
        fake.close();
    }

    /** {@code n} scrobbles of {@code user}, one a minute from T0, with distinct tracks. */
    private List<FakeLastfmApi.Scrobble> scrobbles(String user, int n) {
        List<FakeLastfmApi.Scrobble> all = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Instant at = T0.plusSeconds(60L * i);
            String artist = "Artist " + (i % 7);
            String track = "Track " + i;
            fake.addScrobble(user, artist, track, "Album " + (i % 3), at);
            all.add(new FakeLastfmApi.Scrobble(artist, track, "Album " + (i % 3), at.getEpochSecond()));
        }
        return all;
    }

    private ImportSummary runImport(ImportRequest request, LastfmImporter.PageListener listener) throws Exception {
        try (KafkaProducer<byte[], byte[]> producer =
                     new KafkaProducer<>(LastfmImporter.producerConfig(kafka.bootstrapServers()));
             KafkaConsumer<byte[], byte[]> tail = new KafkaConsumer<>(
                     PlaysTail.consumerConfig(kafka.bootstrapServers()))) {
            LastfmImporter importer = new LastfmImporter(new LastfmClient(fake.url(), KEY, "tastestream-test"),
                    producer, new PlaysTail(tail), dataDir, new TokenBucket(1000, 10), new SimpleMeterRegistry());
            return importer.importUser(request, false, listener);
        }
    }

    private ImportSummary runImport(ImportRequest request) throws Exception {
        return runImport(request, (done, count) -> {});
    }

    private static ImportRequest request(String user) {
        return ImportRequest.of(user).withRetries(5, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    private List<PlayEvent> playsPublished() {
        List<PlayEvent> plays = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readSince(Topics.PLAYS.name(), playsMark)) {
            PlayEvent p = Topics.PLAYS.valueSerde().decode(r.value());
            assertThat(Topics.PLAYS.keySerde().decode(r.key())).isEqualTo(p.userId());
            assertThat(r.timestamp()).isEqualTo(p.playedAt().toEpochMilli());
            plays.add(p);
        }
        return plays;
    }

    private static Set<String> asKeys(List<FakeLastfmApi.Scrobble> scrobbles) {
        Set<String> keys = new HashSet<>();
        scrobbles.forEach(s -> keys.add(s.artist() + "|" + s.track() + "|" + s.uts()));
        return keys;
    }

    private static List<String> asKeys(Iterable<PlayEvent> plays) {
        List<String> keys = new ArrayList<>();
        plays.forEach(p -> keys.add(p.artist() + "|" + p.track() + "|" + p.playedAt().getEpochSecond()));
        return keys;
    }

    @Test
    void importsEveryPageOnceOldestFirstAndSkipsTheNowPlayingRow() throws Exception {
        List<FakeLastfmApi.Scrobble> history = scrobbles("rj", 450);
        fake.setNowPlaying("rj", "Now Artist", "Now Track");

        ImportSummary summary = runImport(request("rj").withUserId("alice"));

        assertThat(summary.failure()).isNull();
        assertThat(summary.pageCount()).isEqualTo(3);
        assertThat(summary.accepted()).isEqualTo(450);
        assertThat(summary.nowPlaying()).isEqualTo(1);
        assertThat(summary.duplicates()).isZero();
        assertThat(summary.rejected()).isZero();
        List<PlayEvent> plays = playsPublished();
        assertThat(asKeys(plays)).containsExactlyInAnyOrderElementsOf(asKeys(history));
        assertThat(plays).allSatisfy(p -> {
            assertThat(p.userId()).isEqualTo("alice");
            assertThat(p.source()).isEqualTo("lastfm");
            assertThat(p.album()).startsWith("Album ");
        });
        // all plays share one key, hence one partition: their order there is the publishing order, oldest first
        assertThat(plays).extracting(PlayEvent::playedAt).isSorted();
        // one probe (limit=1) for the count, then the three 200-row pages, newest page last
        List<FakeLastfmApi.Request> calls = fake.requests();
        assertThat(calls).extracting(r -> r.params().get("limit")).containsExactly("1", "200", "200", "200");
        assertThat(calls).extracting(r -> r.params().get("page")).containsExactly("1", "3", "2", "1");
        assertThat(calls).allSatisfy(r -> assertThat(r.method()).isEqualTo("user.getRecentTracks"));
    }

    @Test
    void resumesAfterACrashWithoutDuplicatesOrGaps() throws Exception {
        List<FakeLastfmApi.Scrobble> history = scrobbles("crashy", 650);   // 4 pages
        ImportRequest request = request("crashy").withWindow(null, T0.plus(Duration.ofDays(30)));

        assertThatThrownBy(() -> runImport(request, (done, count) -> {
            if (done == 2) {
                throw new IllegalStateException("simulated crash after page 2");
            }
        })).hasMessageContaining("simulated crash");
        // oldest first: page 4 holds the 50 oldest scrobbles, page 3 the next 200
        assertThat(asKeys(playsPublished())).hasSize(250);

        fake.clearRequests();
        // meanwhile a new scrobble arrives; the fixed window keeps the remaining pages where they were
        fake.addScrobble("crashy", "Late Artist", "Late Track", "", T0.plus(Duration.ofDays(40)));
        ImportSummary resumed = runImport(request("crashy"));

        assertThat(resumed.failure()).isNull();
        assertThat(resumed.resumedAt()).isEqualTo(3);
        assertThat(resumed.accepted()).isEqualTo(400);
        assertThat(fake.requests()).extracting(r -> r.params().get("page")).containsExactly("2", "1");
        List<String> published = asKeys(playsPublished());
        assertThat(published).doesNotHaveDuplicates();
        assertThat(published).containsExactlyInAnyOrderElementsOf(asKeys(history));

        // the next run fetches only what came after the window: the late scrobble
        ImportSummary next = runImport(request("crashy"));
        assertThat(next.accepted()).isEqualTo(1);
        assertThat(asKeys(playsPublished())).hasSize(651).doesNotHaveDuplicates();
    }

    @Test
    void aCrashMidPageSendsNothingTwiceOnResume() throws Exception {
        List<FakeLastfmApi.Scrobble> history = scrobbles("midpage", 500);   // pages of 100 (oldest), 200, 200
        ImportRequest request = request("midpage").withWindow(null, T0.plus(Duration.ofDays(30)));

        // dies after handing 120 plays of the second page to the producer; closing the producer lets them land,
        // the worst case for duplicates
        assertThatThrownBy(() -> runImport(request, new LastfmImporter.PageListener() {
            @Override
            public void pageDone(int pagesDone, int pageCount) {}

            @Override
            public void playSent(int pagesDone, int sentInPage) {
                if (pagesDone == 1 && sentInPage == 120) {
                    throw new IllegalStateException("simulated kill mid-page");
                }
            }
        })).hasMessageContaining("simulated kill");
        assertThat(playsPublished()).hasSize(220);

        ImportSummary resumed = runImport(request("midpage"));

        assertThat(resumed.failure()).isNull();
        assertThat(resumed.alreadyInKafka()).isEqualTo(120);
        assertThat(resumed.accepted()).isEqualTo(280);
        List<String> published = asKeys(playsPublished());
        assertThat(published).doesNotHaveDuplicates();
        assertThat(published).containsExactlyInAnyOrderElementsOf(asKeys(history));
    }

    @Test
    void killedWithSigkillAndRestartedLeavesEveryScrobbleOnce() throws Exception {
        List<FakeLastfmApi.Scrobble> history = scrobbles("killed", 2_000);   // 10 pages
        String javaBin = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Path progress = ImportProgress.file(dataDir, "killed");
        Path log = dataDir.resolve("child.log");
        Process child = new ProcessBuilder(javaBin, "-cp", System.getProperty("java.class.path"),
                ImportLastfmChildMain.class.getName(), "killed", "--no-progress", "--to", "2024-04-01",
                "--requests-per-second", "4", "--bootstrap", kafka.bootstrapServers(),
                "--set", "lastfm.api-url=" + fake.url(), "--set", "lastfm.api-key=" + KEY,
                "--set", "data.dir=" + dataDir)
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            // kill -9 once a few pages are in: wherever it lands (between pages or mid-page) nothing may be lost
            while (child.isAlive() && (!Files.exists(progress)
                    || ImportProgress.load(progress).pagesDone() < 3)) {
                Thread.sleep(20);
            }
            assertThat(child.isAlive()).as("child still importing; log:\n" + readLog(log)).isTrue();
        } finally {
            child.destroyForcibly().waitFor();   // SIGKILL on Linux: no shutdown hook, no flush
        }
        ImportProgress atKill = ImportProgress.load(progress);
        assertThat(atKill.completed()).isFalse();

        ImportSummary resumed = runImport(request("killed"));

        assertThat(resumed.failure()).isNull();
        assertThat(resumed.resumedAt()).isGreaterThanOrEqualTo(4);
        List<String> published = asKeys(playsPublished());
        assertThat(published).doesNotHaveDuplicates();
        assertThat(published).containsExactlyInAnyOrderElementsOf(asKeys(history));
    }

    private static String readLog(Path log) {
        try {
            return Files.readString(log);
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Test
    void importingTheSameUserAgainAddsNothing() throws Exception {
        scrobbles("twice", 30);
        ImportRequest request = request("twice").withWindow(null, T0.plus(Duration.ofDays(1)));
        assertThat(runImport(request).accepted()).isEqualTo(30);
        ImportSummary again = runImport(request("twice"));
        assertThat(again.failure()).isNull();
        assertThat(again.accepted()).isZero();
        assertThat(playsPublished()).hasSize(30);
    }

    @Test
    void rateLimitServerErrorsAndMalformedAnswersAreRetried() throws Exception {
        List<FakeLastfmApi.Scrobble> history = scrobbles("flaky", 250);
        fake.failNext(LastfmClient.RECENT_TRACKS, FakeLastfmApi.Fault.RATE_LIMIT, 2)
                .failNext(LastfmClient.RECENT_TRACKS, FakeLastfmApi.Fault.SERVER_ERROR, 2)
                .failNext(LastfmClient.RECENT_TRACKS, FakeLastfmApi.Fault.MALFORMED, 1);

        ImportSummary summary = runImport(request("flaky"));

        assertThat(summary.failure()).isNull();
        assertThat(summary.throttled()).isEqualTo(2);
        assertThat(summary.retries()).isEqualTo(3);
        assertThat(asKeys(playsPublished())).containsExactlyInAnyOrderElementsOf(asKeys(history));
    }

    @Test
    void persistentServerErrorsStopWithProgressKept() throws Exception {
        scrobbles("down", 10);
        fake.failNext(LastfmClient.RECENT_TRACKS, FakeLastfmApi.Fault.SERVER_ERROR, 3);
        ImportSummary summary = runImport(request("down").withRetries(3,
                new Backoff(Duration.ofMillis(1), Duration.ofMillis(2))));
        assertThat(summary.completed()).isFalse();
        assertThat(summary.failure()).contains("failed 3 times").contains("HTTP 503");
        assertThat(runImport(request("down")).accepted()).isEqualTo(10);
    }

    @Test
    void unknownUserIsErrorSixAndRowsWithoutArtistAreRejectedWithTheirPlace() throws Exception {
        ImportSummary unknown = runImport(request("nobody"));
        assertThat(unknown.failure()).contains("'nobody' not found").contains("error 6");
        assertThat(unknown.accepted()).isZero();

        scrobbles("messy", 3);
        fake.addScrobble("messy", " ", "Nameless", "", T0.plusSeconds(10_000));
        ImportSummary messy = runImport(request("messy"));
        assertThat(messy.accepted()).isEqualTo(3);
        assertThat(messy.rejected()).isEqualTo(1);
        assertThat(messy.rejectionReasons()).containsEntry("no artist", 1L);
        assertThat(messy.firstRejections()).singleElement().asString().contains("page 1 row 1");
    }

    @Test
    void commandImportsAndNeverPrintsTheApiKey() throws Exception {
        scrobbles("cli", 5);
        fake.setNowPlaying("cli", "A", "B");
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cli = new CommandLine(new ImportLastfmCommand());
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(err));

        int exit = cli.execute("cli", "--no-progress", "--bootstrap", kafka.bootstrapServers(),
                "--set", "lastfm.api-url=" + fake.url(), "--set", "lastfm.api-key=" + KEY,
                "--set", "data.dir=" + dataDir);

        assertThat(exit).as(out + "\n" + err).isZero();
        assertThat(out.toString()).contains("accepted:   5").contains("now playing skipped: 1");
        assertThat(out + err.toString()).doesNotContain(KEY);
        assertThat(playsPublished()).hasSize(5);

        // a wrong key: Last.fm error 10, a clear message, still no key in it
        StringWriter out2 = new StringWriter();
        cli.setOut(new PrintWriter(out2));
        int refused = cli.execute("cli", "--no-progress", "--restart", "--bootstrap", kafka.bootstrapServers(),
                "--set", "lastfm.api-url=" + fake.url(), "--set", "lastfm.api-key=wrong-secret-key",
                "--set", "data.dir=" + dataDir);
        assertThat(refused).isEqualTo(1);
        assertThat(out2.toString()).contains("error 10").contains("lastfm.api-key")
                .doesNotContain("wrong-secret-key");
        assertThat(new String(Files.readAllBytes(
                ImportProgress.file(dataDir, "cli")), StandardCharsets.UTF_8)).doesNotContain(KEY);
    }

    @Test
    void commandServesPrometheusMetricsWhileImporting() throws Exception {
        scrobbles("metered", 450); // three pages of 200, one request a second: the import lasts a few seconds
        int port;
        try (java.net.ServerSocket free = new java.net.ServerSocket(0)) {
            port = free.getLocalPort();
        }
        CommandLine cli = new CommandLine(new ImportLastfmCommand());
        StringWriter out = new StringWriter();
        cli.setOut(new PrintWriter(out));
        cli.setErr(new PrintWriter(out));
        java.util.concurrent.CompletableFuture<Integer> exit = java.util.concurrent.CompletableFuture.supplyAsync(
                () -> cli.execute("metered", "--no-progress", "--requests-per-second", "1",
                        "--metrics-port", String.valueOf(port), "--bootstrap", kafka.bootstrapServers(),
                        "--set", "lastfm.api-url=" + fake.url(), "--set", "lastfm.api-key=" + KEY,
                        "--set", "data.dir=" + dataDir));
        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        String scraped = "";
        while (!exit.isDone() && !scraped.matches("(?s).*tastestream_lastfm_import_plays_total [1-9].*")) {
            try {
                scraped = http.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create("http://localhost:" + port + "/metrics")).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            } catch (java.net.ConnectException notYet) {
                // the command has not started serving yet
            }
            Thread.sleep(100);
        }
        assertThat(scraped).as("scraped while the import ran").contains("tastestream_lastfm_import_requests_total")
                .containsPattern("tastestream_lastfm_import_plays_total [1-9]").doesNotContain(KEY);
        assertThat(exit.get(60, java.util.concurrent.TimeUnit.SECONDS)).as(out.toString()).isZero();
        assertThat(out.toString()).contains("accepted:   450");
        assertThatThrownBy(() -> http.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create("http://localhost:" + port + "/metrics")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString()))
                .as("the endpoint stops with the import").isInstanceOf(IOException.class);
    }
}
