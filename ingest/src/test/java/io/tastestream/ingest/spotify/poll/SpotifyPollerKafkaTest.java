package io.tastestream.ingest.spotify.poll;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.PublishedIdLedger;
import io.tastestream.ingest.common.PublishedRecordFinder;
import io.tastestream.ingest.fake.spotify.FakeFault;
import io.tastestream.ingest.fake.spotify.FakeSpotifyServer;
import io.tastestream.ingest.fake.spotify.FakeTrack;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import io.tastestream.ingest.spotify.SpotifyPlayIds;
import io.tastestream.ingest.spotify.SpotifySettings;
import io.tastestream.ingest.spotify.auth.SpotifyToken;
import io.tastestream.ingest.spotify.auth.TokenStore;
import io.tastestream.ingest.spotify.history.HistoryImportSettings;
import io.tastestream.ingest.spotify.history.HistoryImportSummary;
import io.tastestream.ingest.spotify.history.SpotifyHistoryImporter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Spotify poller against the fake Spotify and a real KRaft broker. */
class SpotifyPollerKafkaTest {
    static KafkaTestCluster kafka;
    static FakeSpotifyServer spotify;
    static AckedPublisher publisher;
    static PublishedRecordFinder finder;
    static final Instant T0 = Instant.parse("2026-11-20T08:00:00.123Z");

    @TempDir
    Path dataDir;
    PrometheusMeterRegistry registry;
    SpotifyPoller poller;
    Map<TopicPartition, Long> mark;

    @BeforeAll
    static void start() throws Exception {
        kafka = KafkaTestCluster.start();
        kafka.createTopics();
        spotify = FakeSpotifyServer.start();
        publisher = new AckedPublisher(kafka.bootstrapServers(), "test-poller");
        finder = new PublishedRecordFinder(kafka.bootstrapServers());
    }

    @AfterAll
    static void stop() throws Exception {
        finder.close();
        publisher.close();
        spotify.close();
        kafka.close();
    }

    @BeforeEach
    void newPoller() {
        registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        poller = new SpotifyPoller(settings(dataDir, Duration.ofSeconds(2)), publisher, finder,
                new PollerMetrics(registry), Clock.systemUTC());
        mark = kafka.mark(Topics.PLAYS.name());
    }

    static SpotifySettings settings(Path dataDir, Duration requestTimeout) {
        return new SpotifySettings(spotify.clientId(), URI.create(spotify.apiUrl()),
                URI.create(spotify.accountsUrl()), URI.create("http://127.0.0.1:1/callback"), Duration.ofMillis(50),
                requestTimeout, dataDir);
    }

    /** Stores tokens for a user as a login would; the fake account has the user's name. */
    static void login(Path dataDir, String user) throws Exception {
        Map<String, Object> t = spotify.issueTokens(user);
        TokenStore.under(dataDir).save(user, new SpotifyToken((String) t.get("access_token"),
                (String) t.get("refresh_token"), Instant.now().plusSeconds(((Number) t.get("expires_in")).longValue()),
                (String) t.get("scope")));
    }

    static void play(String user, int n, int from) {
        for (int i = from; i < from + n; i++) {
            spotify.account(user).play(new FakeTrack("Artist " + (i % 7), "Track " + i, "Album " + (i % 3), 200_000),
                    T0.plusSeconds(200L * i));
        }
    }

    /** The playIds a perfect poller would have published for the account's whole history. */
    static Set<String> expectedIds(String user) {
        return spotify.account(user).history().stream().map(p -> SpotifyPlayIds.of(user,
                p.track().uri(), p.playedAt())).collect(Collectors.toSet());
    }

    List<PlayEvent> playsInTopic(String user) {
        return kafka.readSince(Topics.PLAYS.name(), mark).stream().map(r -> PlayEvent.SERDE.decode(r.value()))
                .filter(p -> p.userId().equals(user)).toList();
    }

    /**
     * The same play polled (played_at with milliseconds) and imported from an extended export (ts to the second,
     * both the end of the play) lands twice in {@code plays}, once per source, with one playId: the taste job's
     * playId dedup counts it once.
     */
    @Test
    void aPlayPolledAndImportedFromTheExportHasOnePlayId() throws Exception {
        assertThat(pollAndImport("both-user", false)).isEmpty();
    }

    /**
     * The export marks the play skipped after 2 minutes (the recently-played list, which lists plays of 30 s or more,
     * has it as a play): imported as the same play, with the poller's playId, and a SKIP besides.
     */
    @Test
    void aPlaySkippedAfterThirtySecondsIsOnePlayIdAndASkip() throws Exception {
        List<FeedbackEvent> skips = pollAndImport("skipping-user", true);
        assertThat(skips).singleElement().satisfies(skip -> {
            assertThat(skip.type()).isEqualTo(FeedbackType.SKIP);
            assertThat(skip.item().track()).isEqualTo("Maria También");
        });
    }

    /** Polls one play, imports the export's record of it; returns the feedback the import sent. */
    private List<FeedbackEvent> pollAndImport(String user, boolean skipped) throws Exception {
        login(dataDir, user);
        FakeTrack track = new FakeTrack("Khruangbin", "Maria También", "Con Todo El Mundo", 200_000);
        Instant endedAt = Instant.parse("2026-11-21T19:04:05.987Z");
        spotify.account(user).play(track, endedAt);
        assertThat(poller.pollOnce(user).plays()).isEqualTo(1);
        Map<TopicPartition, Long> feedbackMark = kafka.mark(Topics.FEEDBACK.name());

        Path export = dataDir.resolve("Streaming_History_Audio_2026.json");
        java.nio.file.Files.writeString(export, "[{\"ts\":\"2026-11-21T19:04:05Z\",\"ms_played\":"
                + (skipped ? 120_000 : 199_500) + ",\"master_metadata_track_name\":\"Maria También\","
                + "\"master_metadata_album_artist_name\":\"Khruangbin\",\"master_metadata_album_album_name\":"
                + "\"Con Todo El Mundo\",\"spotify_track_uri\":\"" + track.uri() + "\",\"skipped\":" + skipped
                + "}]");
        try (PublishedIdLedger ledger = PublishedIdLedger.open(dataDir.resolve("ledger"))) {
            HistoryImportSummary imported = new SpotifyHistoryImporter(publisher, ledger)
                    .importFiles(List.of(export), HistoryImportSettings.forUser(user));
            assertThat(imported.plays()).isEqualTo(1);
            assertThat(imported.skips()).isEqualTo(skipped ? 1 : 0);
        }

        List<PlayEvent> plays = playsInTopic(user);
        assertThat(plays).extracting(PlayEvent::source).containsExactlyInAnyOrder("spotify", "spotify-history");
        assertThat(plays).extracting(PlayEvent::playId).containsOnly(SpotifyPlayIds.of(user, track.uri(), endedAt));
        return kafka.readSince(Topics.FEEDBACK.name(), feedbackMark).stream()
                .map(r -> FeedbackEvent.SERDE.decode(r.value())).filter(f -> f.userId().equals(user)).toList();
    }

    @Test
    void newPlaysLandOnceEachAndTheCursorAdvances() throws Exception {
        login(dataDir, "once-user");
        play("once-user", 3, 0);
        assertThat(poller.pollOnce("once-user").plays()).isEqualTo(3);
        play("once-user", 2, 3);
        assertThat(poller.pollOnce("once-user").plays()).isEqualTo(2);
        assertThat(poller.pollOnce("once-user").plays()).isZero();

        List<PlayEvent> plays = playsInTopic("once-user");
        assertThat(plays).extracting(PlayEvent::playId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedIds("once-user"));
        PlayEvent first = plays.stream().filter(p -> p.track().equals("Track 0")).findFirst().orElseThrow();
        assertThat(first.source()).isEqualTo("spotify");
        assertThat(first.artist()).isEqualTo("Artist 0");
        assertThat(first.album()).isEqualTo("Album 0");
        assertThat(first.playedAt().getEpochSecond()).isEqualTo(T0.getEpochSecond());
        assertThat(PollStateStore.under(dataDir).load("once-user").afterMs())
                .isEqualTo(T0.plusSeconds(200L * 4).toEpochMilli());
        assertThat(poller.metrics().user("once-user").playsIngested()).isEqualTo(5);
        assertThat(registry.scrape()).contains("tastestream_spotify_plays_ingested_total{user=\"once-user\"} 5.0");
    }

    @Test
    void throttlingServerErrorsTimeoutsMalformedAnswersAndExpiredTokensAreSurvived() throws Exception {
        login(dataDir, "faulty-user");
        play("faulty-user", 4, 0);
        spotify.account("faulty-user").fail(FakeFault.tooManyRequests(7), FakeFault.serverError(500),
                FakeFault.serverError(503), FakeFault.malformedBody(), FakeFault.slow(2_500));

        PollOutcome throttled = poller.pollOnce("faulty-user");
        assertThat(throttled.status()).isEqualTo(PollOutcome.Status.THROTTLED);
        assertThat(throttled.retryAfter()).isEqualTo(Duration.ofSeconds(7));
        assertThat(poller.pollOnce("faulty-user").errorKind()).isEqualTo("server");
        assertThat(poller.pollOnce("faulty-user").errorKind()).isEqualTo("server");
        assertThat(poller.pollOnce("faulty-user").errorKind()).isEqualTo("malformed");
        assertThat(poller.pollOnce("faulty-user").errorKind()).isEqualTo("timeout");
        assertThat(playsInTopic("faulty-user")).isEmpty();

        // a 401 for a token that should still be valid: refreshed once, then the poll goes through
        spotify.account("faulty-user").fail(FakeFault.tokenExpired());
        int tokenRequests = spotify.tokenRequests();
        PollOutcome ok = poller.pollOnce("faulty-user");
        assertThat(ok.status()).isEqualTo(PollOutcome.Status.INGESTED);
        assertThat(ok.plays()).isEqualTo(4);
        assertThat(spotify.tokenRequests()).isEqualTo(tokenRequests + 1);

        assertThat(playsInTopic("faulty-user")).extracting(PlayEvent::playId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedIds("faulty-user"));
        PollerMetrics.UserMeters m = poller.metrics().user("faulty-user");
        assertThat(m.errors("throttled")).isEqualTo(1);
        assertThat(m.errors("server")).isEqualTo(2);
        assertThat(m.errors("malformed")).isEqualTo(1);
        assertThat(m.errors("timeout")).isEqualTo(1);
    }

    @Test
    void aTokenAboutToExpireIsRefreshedFirstAndStored() throws Exception {
        login(dataDir, "refresh-user");
        TokenStore store = TokenStore.under(dataDir);
        SpotifyToken old = store.load("refresh-user").orElseThrow();
        store.save("refresh-user", new SpotifyToken(old.accessToken(), old.refreshToken(),
                Instant.now().plusSeconds(60), old.scope()));
        play("refresh-user", 1, 0);

        assertThat(poller.pollOnce("refresh-user").plays()).isEqualTo(1);

        SpotifyToken now = store.load("refresh-user").orElseThrow();
        assertThat(now.accessToken()).isNotEqualTo(old.accessToken());
        assertThat(now.refreshToken()).isEqualTo(old.refreshToken());
        assertThat(now.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(30)));
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.fileOf("refresh-user"))))
                .isEqualTo("rw-------");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(store.dir()))).isEqualTo("rwx------");
        assertThat(now.toString()).doesNotContain(now.accessToken()).doesNotContain(now.refreshToken());
    }

    @Test
    void aRefusedRefreshMarksTheUserForLoginWhileAnotherUserGoesOn() throws Exception {
        login(dataDir, "revoked-user");
        login(dataDir, "happy-user");
        TokenStore store = TokenStore.under(dataDir);
        SpotifyToken revoked = store.load("revoked-user").orElseThrow();
        store.save("revoked-user", new SpotifyToken(revoked.accessToken(), revoked.refreshToken(),
                Instant.now().minusSeconds(1), revoked.scope()));
        spotify.expireAccessTokens("revoked-user");
        spotify.revokeRefreshTokens("revoked-user");
        play("revoked-user", 2, 0);
        play("happy-user", 3, 0);

        // the scheduler, as 'spotify poll' runs it: both users, in parallel, until the happy one is done
        try (PollScheduler scheduler = new PollScheduler(poller, new PollScheduler.Timing(Duration.ofMillis(50),
                Duration.ofMillis(10), Duration.ofMillis(100)), Clock.systemUTC(), 2)) {
            scheduler.start(List.of("revoked-user", "happy-user"));
            awaitUntil(() -> poller.metrics().user("happy-user").playsIngested() == 3
                    && poller.metrics().user("revoked-user").needsRelogin());
        }
        assertThat(playsInTopic("happy-user")).hasSize(3);
        assertThat(playsInTopic("revoked-user")).isEmpty();
        assertThat(store.needsLogin("revoked-user")).hasValueSatisfying(reason -> assertThat(reason)
                .contains("must log in again", "invalid_grant", "tastestream spotify login --user revoked-user")
                .doesNotContain(revoked.refreshToken()));
        assertThat(registry.scrape()).contains("tastestream_spotify_needs_relogin{user=\"revoked-user\"} 1.0",
                "tastestream_spotify_needs_relogin{user=\"happy-user\"} 0.0");

        // while marked, Spotify is not asked again
        int tokenRequests = spotify.tokenRequests();
        assertThat(poller.pollOnce("revoked-user").status()).isEqualTo(PollOutcome.Status.NEEDS_LOGIN);
        assertThat(spotify.tokenRequests()).isEqualTo(tokenRequests);

        // a new login lifts the mark
        login(dataDir, "revoked-user");
        assertThat(poller.pollOnce("revoked-user").plays()).isEqualTo(2);
        assertThat(poller.metrics().user("revoked-user").needsRelogin()).isFalse();
    }

    @Test
    void moreThanFiftyPlaysBetweenPollsIsReportedAsAPossibleGap() throws Exception {
        login(dataDir, "busy-user");
        play("busy-user", 2, 0);
        assertThat(poller.pollOnce("busy-user").possibleGap()).isFalse();
        play("busy-user", 60, 2);
        PollOutcome o = poller.pollOnce("busy-user");
        assertThat(o.possibleGap()).isTrue();
        assertThat(o.plays()).isEqualTo(50);
        assertThat(registry.scrape()).contains("tastestream_spotify_possible_gaps_total{user=\"busy-user\"} 1.0");
    }

    @Test
    void theFirstPollTakesEverythingTheEndpointStillOffersPageByPage() throws Exception {
        login(dataDir, "paging-user");
        play("paging-user", 120, 0);
        spotify.withVisiblePlays(1_000); // a service that keeps more than Spotify's 50
        try {
            assertThat(poller.pollOnce("paging-user").plays()).isEqualTo(120);
            play("paging-user", 70, 120);
            assertThat(poller.pollOnce("paging-user").plays()).isEqualTo(70);
        } finally {
            spotify.withVisiblePlays(FakeSpotifyServer.VISIBLE_PLAYS);
        }
        assertThat(playsInTopic("paging-user")).extracting(PlayEvent::playId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedIds("paging-user"));
    }

    @Test
    void aBatchInterruptedAfterPartOfItReachedKafkaIsCompletedWithoutRepeats() throws Exception {
        login(dataDir, "crash-user");
        play("crash-user", 2, 0);
        assertThat(poller.pollOnce("crash-user").plays()).isEqualTo(2);
        PollStateStore states = PollStateStore.under(dataDir);
        PollState before = states.load("crash-user");

        // as if the poller died mid-batch: pending written, 2 of 3 plays acknowledged, cursor not advanced
        play("crash-user", 3, 2);
        List<PlayEvent> batch = spotify.account("crash-user").history().subList(2, 5).stream()
                .map(p -> new PlayEvent(PlayEvent.CURRENT_VERSION, SpotifyPlayIds.of("crash-user", p.track().uri(),
                        p.playedAt()), "crash-user", p.track().artist(), p.track().track(), p.track().album(),
                        Instant.ofEpochSecond(p.playedAt().getEpochSecond()), 0, "spotify")).toList();
        int partition = finder.partitionFor(Topics.PLAYS, "crash-user");
        long from = finder.endOffset(Topics.PLAYS.name(), partition);
        states.save("crash-user", before.publishing(new PollState.Pending(
                spotify.account("crash-user").history().get(4).playedAt().toEpochMilli(), partition, from, batch)));
        AckedPublisher.Batch sent = publisher.batch();
        for (PlayEvent p : batch.subList(0, 2)) {
            sent.send(Topics.PLAYS, "crash-user", p, p.playedAt(), p.playId());
        }
        assertThat(sent.awaitAcks().allAcked()).isTrue();

        PollOutcome resumed = poller.pollOnce("crash-user");
        assertThat(resumed.plays()).isEqualTo(1);
        assertThat(poller.pollOnce("crash-user").plays()).isZero();
        assertThat(states.load("crash-user").pending()).isNull();
        assertThat(playsInTopic("crash-user")).extracting(PlayEvent::playId).doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(expectedIds("crash-user"));
    }

    @Test
    void pollOnceCommandPollsEveryLoggedInUserAndSaysWhoNeedsALogin() throws Exception {
        login(dataDir, "cli-a");
        login(dataDir, "cli-b");
        TokenStore.under(dataDir).markNeedsLogin("cli-b", "refresh refused");
        play("cli-a", 2, 0);
        java.io.StringWriter out = new java.io.StringWriter();
        int exit = new picocli.CommandLine(new SpotifyPollCommand()).setOut(new java.io.PrintWriter(out)).execute(
                "--once", "--bootstrap", kafka.bootstrapServers(), "--set", "data.dir=" + dataDir,
                "--set", "spotify.client-id=" + spotify.clientId(), "--set", "spotify.api-url=" + spotify.apiUrl(),
                "--set", "spotify.accounts-url=" + spotify.accountsUrl());
        assertThat(out.toString()).contains("cli-a: 2 new plays", "cli-b: NEEDS LOGIN: refresh refused");
        assertThat(exit).isEqualTo(1);
        assertThat(playsInTopic("cli-a")).hasSize(2);
    }

    static void awaitUntil(java.util.function.BooleanSupplier condition) throws InterruptedException {
        // a safety net against hanging, not a timing assertion
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 60 s");
            }
            Thread.sleep(20);
        }
    }
}
