package io.tastestream.ingest.spotify.history;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.dedup.CrossSourcePlayMatcher;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.ImportMetrics;
import io.tastestream.ingest.common.PublishedIdLedger;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import io.tastestream.ingest.spotify.SpotifyPlayIds;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spotify export import into a real KRaft broker: counts, skips, exclusions, bad records, idempotent re-import. */
class SpotifyHistoryImportKafkaTest {
    private static KafkaTestCluster kafka;
    private static AckedPublisher publisher;

    @TempDir
    Path dir;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
        kafka.createTopics();
        publisher = new AckedPublisher(kafka.bootstrapServers(), "test-import");
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (publisher != null) {
            publisher.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    static String extended(String ts, long ms, String track, String artist, Boolean skipped) {
        return "{\"ts\":\"" + ts + "\",\"platform\":\"linux\",\"ms_played\":" + ms + ",\"conn_country\":\"DE\","
                + "\"ip_addr\":\"10.0.0.1\",\"master_metadata_track_name\":" + q(track)
                + ",\"master_metadata_album_artist_name\":" + q(artist)
                + ",\"master_metadata_album_album_name\":\"Album\",\"spotify_track_uri\":" + q(uri(track)) + ","
                + "\"episode_name\":null,\"episode_show_name\":null,\"spotify_episode_uri\":null,"
                + "\"audiobook_title\":null,\"audiobook_uri\":null,\"audiobook_chapter_uri\":null,"
                + "\"audiobook_chapter_title\":null,\"reason_start\":\"trackdone\",\"reason_end\":\"trackdone\","
                + "\"shuffle\":false,\"skipped\":" + skipped + ",\"offline\":false,\"offline_timestamp\":null,"
                + "\"incognito_mode\":false}";
    }

    static String uri(String track) {
        return track == null ? null : "spotify:track:" + Integer.toHexString(track.hashCode());
    }

    static String q(String s) {
        return s == null ? "null" : "\"" + s + "\"";
    }

    Path write(String name, String... records) throws Exception {
        Path f = dir.resolve(name);
        Files.writeString(f, "[\n" + String.join(",\n", records) + "\n]", StandardCharsets.UTF_8);
        return f;
    }

    HistoryImportSummary importAs(String user, Path ledgerDir, Path... files) {
        try (PublishedIdLedger ledger = PublishedIdLedger.open(ledgerDir)) {
            return new SpotifyHistoryImporter(publisher, ledger).importFiles(List.of(files),
                    HistoryImportSettings.forUser(user));
        }
    }

    static List<PlayEvent> plays(List<ConsumerRecord<byte[], byte[]>> records, String user) {
        return records.stream().map(r -> PlayEvent.SERDE.decode(r.value())).filter(p -> p.userId().equals(user))
                .toList();
    }

    static List<FeedbackEvent> feedback(List<ConsumerRecord<byte[], byte[]>> records, String user) {
        return records.stream().map(r -> FeedbackEvent.SERDE.decode(r.value())).filter(p -> p.userId().equals(user))
                .toList();
    }

    @Test
    void extendedExportCountsPlaysSkipsPodcastsAndBadRecordsAndImportsTheRest() throws Exception {
        Path file = write("Streaming_History_Audio_2024.json",
                extended("2024-03-01T10:00:00Z", 200_000, "Auto Rock", "Mogwai", false),
                extended("2024-03-01T10:04:00Z", 240_000, "Yes! I Am a Long Way from Home", "Mogwai", null),
                extended("2024-03-01T10:05:00Z", 10_000, "Photograph", "Nickelback", false),
                extended("2024-03-01T10:06:00Z", 120_000, "How You Remind Me", "Nickelback", true),
                "{\"ts\":\"2024-03-01T11:00:00Z\",\"ms_played\":900000,\"master_metadata_track_name\":null,"
                        + "\"master_metadata_album_artist_name\":null,\"episode_name\":\"Ep 1\","
                        + "\"episode_show_name\":\"A Show\",\"spotify_episode_uri\":\"spotify:episode:1\"}",
                "{\"ts\":\"2024-03-01T12:00:00Z\",\"ms_played\":900000,\"master_metadata_track_name\":null,"
                        + "\"audiobook_title\":\"A Book\",\"audiobook_uri\":\"spotify:show:1\"}",
                extended("yesterday", 200_000, "Auto Rock", "Mogwai", false),
                "{\"ts\":\"2024-03-01T13:00:00Z\",\"master_metadata_track_name\":\"X\","
                        + "\"master_metadata_album_artist_name\":\"Y\"}",
                "{\"ts\":\"2024-03-01T13:00:00Z\",\"ms_played\":\"long\",\"master_metadata_track_name\":\"X\","
                        + "\"master_metadata_album_artist_name\":\"Y\"}",
                "42",
                extended("2024-03-01T14:00:00Z", 300_000, "Mogwai Fear Satan", "Mogwai", false));
        Map<TopicPartition, Long> playsMark = kafka.mark(Topics.PLAYS.name());
        Map<TopicPartition, Long> feedbackMark = kafka.mark(Topics.FEEDBACK.name());

        HistoryImportSummary s = importAs("ext-user", dir.resolve("ledger"), file);

        assertThat(s.records()).isEqualTo(11);
        // "How You Remind Me" played 2 minutes and was skipped: a play (as the poller saw it) and a skip
        assertThat(s.plays()).isEqualTo(4);
        assertThat(s.skips()).isEqualTo(2);
        assertThat(s.excluded()).containsEntry(ExcludedKind.PODCAST, 1L).containsEntry(ExcludedKind.AUDIOBOOK, 1L);
        assertThat(s.rejected()).isEqualTo(4);
        assertThat(s.firstProblems()).extracting(RecordProblem::toString).containsExactly(
                file + " record 6 field 'ts': not an ISO-8601 UTC time such as 2024-03-01T18:22:05Z: 'yesterday'",
                file + " record 7 field 'ms_played': missing",
                file + " record 8 field 'ms_played': expected a whole number of milliseconds, found a string",
                file + " record 9: expected a record {...}, found a number");
        assertThat(s.describe()).contains("accepted plays      4", "podcasts 1, audiobooks 1");

        List<PlayEvent> plays = plays(kafka.readSince(Topics.PLAYS.name(), playsMark), "ext-user");
        assertThat(plays).extracting(PlayEvent::track).containsExactlyInAnyOrder("Auto Rock",
                "Yes! I Am a Long Way from Home", "How You Remind Me", "Mogwai Fear Satan");
        PlayEvent first = plays.stream().filter(p -> p.track().equals("Auto Rock")).findFirst().orElseThrow();
        assertThat(first.playedAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(first.source()).isEqualTo("spotify-history");
        assertThat(first.msPlayed()).isEqualTo(200_000);
        assertThat(first.album()).isEqualTo("Album");
        // a play with a track URI gets the id the Spotify poller gives the same play
        assertThat(first.playId()).isEqualTo(SpotifyPlayIds.of("ext-user", uri("Auto Rock"),
                Instant.parse("2024-03-01T10:00:00Z")));
        PlayEvent skippedLate = plays.stream().filter(p -> p.track().equals("How You Remind Me")).findFirst()
                .orElseThrow();
        assertThat(skippedLate.msPlayed()).isEqualTo(120_000);
        assertThat(skippedLate.playId()).isEqualTo(SpotifyPlayIds.of("ext-user", uri("How You Remind Me"),
                Instant.parse("2024-03-01T10:06:00Z")));

        List<FeedbackEvent> skips = feedback(kafka.readSince(Topics.FEEDBACK.name(), feedbackMark), "ext-user");
        assertThat(skips).extracting(FeedbackEvent::type).containsOnly(FeedbackType.SKIP);
        assertThat(skips).extracting(f -> f.item().track()).containsExactlyInAnyOrder("Photograph",
                "How You Remind Me");
    }

    @Test
    void importingTheSameExportTwiceAddsNothingTheSecondTime() throws Exception {
        Path file = write("Streaming_History_Audio_2023.json",
                extended("2023-05-01T10:00:00Z", 200_000, "Teardrop", "Massive Attack", false),
                extended("2023-05-01T10:05:00Z", 5_000, "Angel", "Massive Attack", false),
                extended("2023-05-01T10:10:00Z", 200_000, "Glory Box", "Portishead", false),
                extended("2023-05-01T10:15:00Z", 90_000, "Roads", "Portishead", true));
        Path ledger = dir.resolve("ledger");
        HistoryImportSummary firstRun = importAs("twice-user", ledger, file);
        assertThat(firstRun.records()).isEqualTo(4);
        assertThat(firstRun.plays()).isEqualTo(3);
        assertThat(firstRun.skips()).isEqualTo(2);

        Map<TopicPartition, Long> playsMark = kafka.mark(Topics.PLAYS.name());
        Map<TopicPartition, Long> feedbackMark = kafka.mark(Topics.FEEDBACK.name());
        // the same file again, named twice on one command line and copied under another name
        Path copy = Files.copy(file, dir.resolve("copy.json"));
        HistoryImportSummary secondRun = importAs("twice-user", ledger, file, file, copy);

        assertThat(secondRun.plays()).isZero();
        assertThat(secondRun.skips()).isZero();
        assertThat(secondRun.records()).isEqualTo(8);
        assertThat(secondRun.duplicates()).isEqualTo(10); // two distinct files of five records (Roads: play and skip)
        assertThat(kafka.readSince(Topics.PLAYS.name(), playsMark)).isEmpty();
        assertThat(kafka.readSince(Topics.FEEDBACK.name(), feedbackMark)).isEmpty();
    }

    @Test
    void accountDataFormatKeepsTwoPlaysOfOneTrackInOneMinuteAndLeavesPodcastsOut() throws Exception {
        String repeat = "{\"endTime\":\"2019-02-15 21:44\",\"artistName\":\"Boards of Canada\","
                + "\"trackName\":\"Roygbiv\",\"msPlayed\":31000}";
        Path music = write("StreamingHistory0.json", repeat, repeat,
                "{\"endTime\":\"2019-02-15 21:50\",\"artistName\":\"Boards of Canada\",\"trackName\":\"Olson\","
                        + "\"msPlayed\":91000}",
                "{\"endTime\":\"2019-02-15 21:51\",\"artistName\":\"Boards of Canada\",\"trackName\":\"Dayvan\","
                        + "\"msPlayed\":2000}",
                "{\"endTime\":\"15/02/2019\",\"artistName\":\"A\",\"trackName\":\"B\",\"msPlayed\":1}");
        Path podcasts = write("StreamingHistory_podcast_0.json",
                "{\"endTime\":\"2019-02-16 08:00\",\"podcastName\":\"News\",\"episodeName\":\"Monday\","
                        + "\"msPlayed\":600000}");
        Path ledger = dir.resolve("ledger");
        Map<TopicPartition, Long> playsMark = kafka.mark(Topics.PLAYS.name());

        HistoryImportSummary s = importAs("legacy-user", ledger, music, podcasts);

        assertThat(s.plays()).isEqualTo(3);
        assertThat(s.skips()).isEqualTo(1);
        assertThat(s.excluded()).containsEntry(ExcludedKind.PODCAST, 1L);
        assertThat(s.firstProblems()).extracting(RecordProblem::toString).containsExactly(
                music + " record 4 field 'endTime': not a time such as 2024-03-01 18:22: '15/02/2019'");
        List<PlayEvent> plays = plays(kafka.readSince(Topics.PLAYS.name(), playsMark), "legacy-user");
        List<PlayEvent> roygbiv = plays.stream().filter(p -> p.track().equals("Roygbiv")).toList();
        assertThat(roygbiv).hasSize(2);
        assertThat(roygbiv).extracting(PlayEvent::playedAt).containsOnly(Instant.parse("2019-02-15T21:44:00Z"));
        assertThat(roygbiv.get(0).playId()).isNotEqualTo(roygbiv.get(1).playId());
        // no URI in this format: the name-based id of its own source, the first of a minute as derivePlayId gives
        assertThat(roygbiv).extracting(PlayEvent::playId).contains(PlayEvent.derivePlayId("spotify-history",
                "legacy-user", "Boards of Canada", "Roygbiv", Instant.parse("2019-02-15T21:44:00Z")));
        // which the taste job tells from the poller's ids, to match them by name and minute instead
        assertThat(plays).allMatch(CrossSourcePlayMatcher::namesOnly);

        HistoryImportSummary again = importAs("legacy-user", ledger, music, podcasts);
        assertThat(again.plays()).isZero();
        assertThat(again.duplicates()).isEqualTo(4);
    }

    @Test
    void theCommandImportsWithTheConfiguredBrokerAndLedgerAndPrintsTheSummary() throws Exception {
        Path file = write("Streaming_History_Audio_cli.json",
                extended("2021-06-01T10:00:00Z", 200_000, "Windowlicker", "Aphex Twin", false),
                extended("2021-06-01T10:05:00Z", 2_000, "Xtal", "Aphex Twin", false));
        java.io.StringWriter out = new java.io.StringWriter();
        picocli.CommandLine cli = new picocli.CommandLine(new ImportSpotifyHistoryCommand())
                .setOut(new java.io.PrintWriter(out));
        String[] args = {"--user", "cli-user", "--no-progress", "--bootstrap", kafka.bootstrapServers(),
                "--set", "data.dir=" + dir.resolve("data"), file.toString()};
        assertThat(cli.execute(args)).isZero();
        assertThat(out.toString()).contains("accepted plays      1", "skips (feedback)    1");
        assertThat(dir.resolve("data/ledger/spotify-history")).isDirectory();

        java.io.StringWriter again = new java.io.StringWriter();
        assertThat(new picocli.CommandLine(new ImportSpotifyHistoryCommand()).setOut(new java.io.PrintWriter(again))
                .execute(args)).isZero();
        assertThat(again.toString()).contains("accepted plays      0", "duplicates          2");
    }

    @Test
    void countsRowsByOutcomeInPrometheusFormat() throws Exception {
        Path file = write("Streaming_History_Audio_metrics.json",
                extended("2020-02-01T10:00:00Z", 200_000, "Roygbiv", "Boards of Canada", false),
                extended("2020-02-01T10:05:00Z", 3_000, "Olson", "Boards of Canada", false),
                extended("later", 200_000, "Dayvan Cowboy", "Boards of Canada", false),
                "{\"ts\":\"2020-02-01T11:00:00Z\",\"ms_played\":900000,\"master_metadata_track_name\":null,"
                        + "\"episode_name\":\"Ep 1\",\"spotify_episode_uri\":\"spotify:episode:1\"}");
        io.micrometer.prometheusmetrics.PrometheusMeterRegistry registry =
                new io.micrometer.prometheusmetrics.PrometheusMeterRegistry(
                        io.micrometer.prometheusmetrics.PrometheusConfig.DEFAULT);
        ImportMetrics metrics = new ImportMetrics(registry, SpotifyHistoryImporter.PLAY_SOURCE, "metrics-user");
        Path ledgerDir = dir.resolve("ledger");
        for (int run = 0; run < 2; run++) {
            try (PublishedIdLedger ledger = PublishedIdLedger.open(ledgerDir)) {
                new SpotifyHistoryImporter(publisher, ledger, metrics).importFiles(List.of(file),
                        HistoryImportSettings.forUser("metrics-user"));
            }
        }
        String prefix = "tastestream_import_rows_total{outcome=\"";
        String suffix = "\",source=\"spotify-history\",user=\"metrics-user\"} ";
        assertThat(registry.scrape()).contains(prefix + "accepted" + suffix + "1.0",
                prefix + "skip" + suffix + "1.0", prefix + "duplicate" + suffix + "2.0",
                prefix + "excluded" + suffix + "2.0", prefix + "rejected" + suffix + "2.0");
    }

    @Test
    void brokenJsonKeepsTheRecordsBeforeItAndSaysWhere() throws Exception {
        Path file = dir.resolve("Streaming_History_Audio_broken.json");
        Files.writeString(file, "[\n" + extended("2022-01-01T10:00:00Z", 200_000, "Hoppípolla", "Sigur Rós", false)
                + ",\n{\"ts\":\"2022-01-01T10:05:00Z\",\"ms_played\":");
        HistoryImportSummary s = importAs("broken-user", dir.resolve("ledger"), file);
        assertThat(s.plays()).isEqualTo(1);
        assertThat(s.rejected()).isEqualTo(1);
        assertThat(s.firstProblems().get(0).toString()).startsWith(file + ": broken JSON at line 3");

        Path notAnExport = write("other.json");
        Files.writeString(notAnExport, "{\"hello\":1}");
        HistoryImportSummary t = importAs("broken-user", dir.resolve("ledger"), notAnExport);
        assertThat(t.firstProblems().get(0).reason()).contains("expected a JSON array of records, found an object");
    }
}
