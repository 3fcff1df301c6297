package io.tastestream.ingest.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.fake.lastfm.FakeLastfmApi;
import io.tastestream.ingest.kafka.KafkaTestCluster;
import io.tastestream.ingest.lastfm.Backoff;
import io.tastestream.ingest.lastfm.LastfmClient;
import io.tastestream.ingest.lastfm.TokenBucket;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The tag poller and the genres source against the fake Last.fm API and a real single-node KRaft broker. */
class TagPollerKafkaTest {
    private static final String KEY = "tags-test-key";
    private static final AtomicInteger GROUPS = new AtomicInteger();

    private static KafkaTestCluster kafka;
    private static KafkaProducer<byte[], byte[]> producer;

    @TempDir
    Path dataDir;

    private FakeLastfmApi fake;
    private Map<TopicPartition, Long> playsMark;
    private Map<TopicPartition, Long> tagsMark;
    private Map<TopicPartition, Long> deadMark;

    @BeforeAll
    static void startKafka() throws Exception {
        kafka = KafkaTestCluster.start();
        kafka.createTopics();
        producer = new KafkaProducer<>(TagPoller.producerConfig(kafka.bootstrapServers()));
    }

    @AfterAll
    static void stopKafka() throws Exception {
        if (producer != null) {
            producer.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @BeforeEach
    void start() throws Exception {
        fake = FakeLastfmApi.start(KEY);
        playsMark = kafka.mark(Topics.PLAYS.name());
        tagsMark = kafka.mark(Topics.ITEM_TAGS.name());
        deadMark = kafka.mark(Topics.DEAD_LETTERS.name());
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    /** A consumer group that starts where plays ended before this test, so earlier tests' plays are not read. */
    private String freshGroup() {
        String group = "tags-test-" + GROUPS.incrementAndGet();
        Map<String, Object> c = new HashMap<>(TagPoller.consumerConfig(kafka.bootstrapServers(), group));
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(c)) {
            Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
            playsMark.forEach((tp, offset) -> offsets.put(tp, new OffsetAndMetadata(offset)));
            consumer.commitSync(offsets);
        }
        return group;
    }

    private static void sendPlays(String user, List<String[]> artistTrack) throws Exception {
        Instant t = Instant.parse("2026-01-01T00:00:00Z");
        for (String[] at : artistTrack) {
            PlayEvent play = PlayEvent.of(user, at[0], at[1], null, t, 0, "manual");
            t = t.plusSeconds(200);
            producer.send(new ProducerRecord<>(Topics.PLAYS.name(), Topics.PLAYS.keySerde().encode(user),
                    Topics.PLAYS.valueSerde().encode(play))).get(30, TimeUnit.SECONDS);
        }
    }

    private TagPoller.Summary runPoller(String group, TokenBucket bucket, TagPoller.Settings settings)
            throws Exception {
        try (TagCache cache = TagCache.open(TagCache.dirUnder(dataDir), Duration.ofDays(30));
             KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                     TagPoller.consumerConfig(kafka.bootstrapServers(), group))) {
            TagPoller poller = new TagPoller(new LastfmClient(fake.url(), KEY, "tastestream-test"), consumer,
                    producer, cache, bucket, TagNormalizer.standard(), settings.withUntilCaughtUp(true),
                    Clock.systemUTC(), new SimpleMeterRegistry());
            return poller.run();
        }
    }

    private static TagPoller.Settings fastRetries() {
        return TagPoller.Settings.defaults().withRetries(3, new Backoff(Duration.ofMillis(1), Duration.ofMillis(5)));
    }

    private Map<String, ItemTagsEvent> tagsPublished() {
        Map<String, ItemTagsEvent> byKey = new LinkedHashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : kafka.readSince(Topics.ITEM_TAGS.name(), tagsMark)) {
            ItemTagsEvent e = Topics.ITEM_TAGS.valueSerde().decode(r.value());
            String key = Topics.ITEM_TAGS.keySerde().decode(r.key());
            assertThat(key).isEqualTo(e.item().key());
            assertThat(byKey.put(key, e)).as("one event per item: " + key).isNull();
        }
        return byKey;
    }

    private static Map<String, Integer> tags(Object... nameCount) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (int i = 0; i < nameCount.length; i += 2) {
            m.put((String) nameCount[i], (Integer) nameCount[i + 1]);
        }
        return m;
    }

    @Test
    void atMostFiveCallsInAnySecondAndARestartAsksNothing() throws Exception {
        List<String[]> plays = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String artist = "Rate Artist " + i;
            fake.setArtistTags(artist, tags("Hip-Hop", 100, "hip hop", 60, "Seen  Live", 10 + i));
            plays.add(new String[] {artist, "Song"});
            plays.add(new String[] {artist.toUpperCase(), "Other Song"});   // same artist, other spelling
        }
        sendPlays("rate", plays);

        TagPoller.Summary first = runPoller(freshGroup(), TokenBucket.forLastfm(5),
                fastRetries().withTrackTags(false));

        assertThat(first.failure()).isNull();
        assertThat(first.requests()).isEqualTo(12);
        assertThat(fake.requestCount(LastfmClient.ARTIST_TOP_TAGS)).isEqualTo(12);
        assertThat(fake.maxRequestsInAnyWindow(TimeUnit.SECONDS.toNanos(1))).isLessThanOrEqualTo(5);
        Map<String, ItemTagsEvent> published = tagsPublished();
        assertThat(published).hasSize(12);
        ItemTagsEvent one = published.get("rate artist 3");
        assertThat(one.source()).isEqualTo("lastfm");
        assertThat(one.item()).isEqualTo(ItemRef.artist("Rate Artist 3"));
        assertThat(one.tags()).containsExactly(new WeightedTag("Hip-Hop", 100), new WeightedTag("Seen Live", 13));

        // a restart that reads every play again (another group) finds every answer in the cache
        fake.clearRequests();
        TagPoller.Summary second = runPoller(freshGroup(), TokenBucket.forLastfm(5),
                fastRetries().withTrackTags(false));
        assertThat(fake.requests()).isEmpty();
        assertThat(second.cacheHits()).isEqualTo(12);
        assertThat(tagsPublished()).hasSize(12);
    }

    @Test
    void rateLimitBacksOffAndErrorsAreCountedPerItemAndNotFoundIsRemembered() throws Exception {
        fake.setArtistTags("Throttled", tags("rock", 100));
        fake.setTrackTags("Throttled", "Hit", tags("Rock", 100, "anthem", 20));
        fake.setArtistTags("Flaky", tags("jazz", 100));
        sendPlays("errs", List.of(new String[] {"Throttled", "Hit"}, new String[] {"Unknown Artist", "X"},
                new String[] {"Flaky", "Y"}));
        fake.failNext(LastfmClient.ARTIST_TOP_TAGS, "Throttled", FakeLastfmApi.Fault.RATE_LIMIT, 2);
        fake.failNext(LastfmClient.ARTIST_TOP_TAGS, "Flaky", FakeLastfmApi.Fault.SERVER_ERROR, 3);

        TagPoller.Summary summary = runPoller(freshGroup(), new TokenBucket(1000, 10), fastRetries());

        assertThat(summary.failure()).isNull();
        assertThat(summary.throttled()).isEqualTo(2);
        assertThat(summary.notFound()).isEqualTo(3);   // Unknown Artist, its track X, Flaky's track Y
        assertThat(summary.errorsByItem()).containsEntry("unknown artist", 1L).containsEntry("flaky", 3L);
        Map<String, ItemTagsEvent> published = tagsPublished();
        assertThat(published.keySet()).containsExactlyInAnyOrder("throttled", "throttled\u001fhit");
        assertThat(published.get("throttled\u001fhit").tags()).containsExactly(new WeightedTag("Rock", 100),
                new WeightedTag("anthem", 20));

        // a restart asks only for what failed for a reason other than "not found": Flaky
        fake.clearRequests();
        TagPoller.Summary again = runPoller(freshGroup(), new TokenBucket(1000, 10), fastRetries());
        assertThat(fake.requests()).extracting(r -> r.params().get("artist")).containsExactly("Flaky");
        assertThat(again.published()).isEqualTo(1);
        assertThat(tagsPublished()).containsKey("flaky");
    }

    @Test
    void fetchedButUnpublishedTagsArePublishedOnRestartWithoutAsking() throws Exception {
        Instant fetched = Instant.now().minus(Duration.ofHours(1));
        try (TagCache cache = TagCache.open(TagCache.dirUnder(dataDir), Duration.ofDays(30))) {
            // as left by a poller killed between caching an answer and Kafka's acknowledgement
            cache.put(new CachedTags(ItemRef.artist("Crashed Before Ack"), "lastfm", true,
                    List.of(new WeightedTag("shoegaze", 100)), fetched, false));
        }
        sendPlays("crash", List.<String[]>of(new String[] {"Crashed Before Ack", "T"}));

        TagPoller.Summary summary = runPoller(freshGroup(), new TokenBucket(1000, 10),
                fastRetries().withTrackTags(false));

        assertThat(fake.requests()).isEmpty();
        assertThat(summary.published()).isEqualTo(1);
        assertThat(tagsPublished().get("crashed before ack").tags()).containsExactly(new WeightedTag("shoegaze", 100));
    }

    @Test
    void anUnreadablePlayGoesToDeadLettersAndThePollerGoesOn() throws Exception {
        fake.setArtistTags("After Bad", tags("ambient", 100));
        producer.send(new ProducerRecord<>(Topics.PLAYS.name(), "bad".getBytes(StandardCharsets.UTF_8),
                "{\"userId\":\"bad\",\"artist\":\"\"}".getBytes(StandardCharsets.UTF_8))).get();
        sendPlays("bad", List.<String[]>of(new String[] {"After Bad", "T"}));

        TagPoller.Summary summary = runPoller(freshGroup(), new TokenBucket(1000, 10),
                fastRetries().withTrackTags(false));

        assertThat(summary.badPlays()).isEqualTo(1);
        assertThat(tagsPublished()).containsKey("after bad");
        List<ConsumerRecord<byte[], byte[]>> dead = kafka.readSince(Topics.DEAD_LETTERS.name(), deadMark);
        assertThat(dead).singleElement().satisfies(r -> {
            DeadLetter letter = Topics.DEAD_LETTERS.valueSerde().decode(r.value());
            assertThat(letter.stage()).isEqualTo("tag-poller");
            assertThat(letter.reason()).contains("artist");
        });
    }

    @Test
    void genresFillInWhereLastfmHasNoTagsAndLastfmTagsWin() throws Exception {
        fake.setArtistTags("Both Sources", tags("Post-Rock", 100));
        sendPlays("genres", List.<String[]>of(new String[] {"Both Sources", "T"}));
        runPoller(freshGroup(), new TokenBucket(1000, 10), fastRetries().withTrackTags(false));
        tagsMark = kafka.mark(Topics.ITEM_TAGS.name());

        Path csv = dataDir.resolve("genres.csv");
        Files.writeString(csv, "artists,genres\r\n"
                + "Both Sources,['post rock']\r\n"
                + "Only Spotify,\"['Hip Hop', 'hip-hop', \"\"children's music\"\"]\"\r\n"
                + "No Genres,[]\r\n"
                + "Broken,['x'\r\n", StandardCharsets.UTF_8);
        StringWriter out = new StringWriter();
        CommandLine cli = new CommandLine(new TagsCommand());
        cli.setOut(new PrintWriter(out));
        int exit = cli.execute("--genres-csv", csv.toString(), "--bootstrap", kafka.bootstrapServers(),
                "--set", "data.dir=" + dataDir);

        assertThat(exit).as(out.toString()).isZero();
        assertThat(out.toString()).contains("1 item-tags published").contains("1 left to their Last.fm tags")
                .contains(csv + ":5: field 'genres'");
        Map<String, ItemTagsEvent> published = tagsPublished();
        assertThat(published.keySet()).containsExactly("only spotify");
        assertThat(published.get("only spotify").source()).isEqualTo("spotify-genres");
        assertThat(published.get("only spotify").tags()).containsExactly(new WeightedTag("children's music", 1),
                new WeightedTag("Hip Hop", 1));
    }
}
