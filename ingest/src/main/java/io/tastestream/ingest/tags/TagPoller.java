package io.tastestream.ingest.tags;

import io.tastestream.ingest.common.ProducerSettings;
import de.umass.lastfm.Tag;
import io.micrometer.core.instrument.MeterRegistry;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.lastfm.Backoff;
import io.tastestream.ingest.lastfm.LastfmClient;
import io.tastestream.ingest.lastfm.LastfmOutcome;
import io.tastestream.ingest.lastfm.TokenBucket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the {@code plays} topic and, for every artist (and track) not seen before, asks Last.fm for its top
 * tags (artist.getTopTags, track.getTopTags), normalises them and publishes an {@link ItemTagsEvent} (source
 * {@code lastfm}) to {@code item-tags}, keyed by {@link ItemRef#key()}.
 *
 * <ul>
 *   <li>At most the token bucket's rate of calls, over all items; error 29 empties the bucket and backs off, and
 *       the item is asked again (throttling is not the item's fault).</li>
 *   <li>Error 6 (unknown item) is remembered in the cache; other failures are retried a few times, then counted
 *       against the item and left for a later run.</li>
 *   <li>Every answer is cached (RocksDB, TTL) before it is published and marked published once Kafka acknowledged
 *       it; consumer offsets are committed after that. A restart therefore asks Last.fm nothing it has answered,
 *       and publishes what it had fetched but not yet published.</li>
 *   <li>When Last.fm has no tags for an artist, nothing is published, so tags from a second source (the Spotify
 *       genres, see {@link GenresLoader}) stay in place; Last.fm tags, when there are any, win.</li>
 * </ul>
 */
public final class TagPoller {
    private static final Logger log = LoggerFactory.getLogger(TagPoller.class);
    public static final String SOURCE = "lastfm";
    public static final String STAGE = "tag-poller";

    /**
     * @param trackTags      also fetch track.getTopTags per track (doubles the calls; the taste job reads artist
     *                       tags today)
     * @param maxAttempts    attempts per item for transient failures (rate limiting does not count)
     * @param untilCaughtUp  stop once every partition of plays is read to its end (batch runs, tests)
     */
    public record Settings(boolean trackTags, int maxAttempts, Backoff backoff, boolean untilCaughtUp,
                           Duration pollTimeout) {
        public static Settings defaults() {
            return new Settings(true, 4, Backoff.standard(), false, Duration.ofMillis(500));
        }

        public Settings withTrackTags(boolean t) {
            return new Settings(t, maxAttempts, backoff, untilCaughtUp, pollTimeout);
        }

        public Settings withRetries(int attempts, Backoff b) {
            return new Settings(trackTags, attempts, b, untilCaughtUp, pollTimeout);
        }

        public Settings withUntilCaughtUp(boolean u) {
            return new Settings(trackTags, maxAttempts, backoff, u, pollTimeout);
        }
    }

    /** What a run did. {@code errorsByItem}: item key → failed calls (not-found and given-up items). */
    public record Summary(long playsRead, long badPlays, long itemsSeen, long requests, long cacheHits,
                          long throttled, long published, long notFound, Map<String, Long> errorsByItem,
                          String failure) {
        public String describe() {
            StringBuilder sb = new StringBuilder("Tag poller: ").append(playsRead).append(" plays read (")
                    .append(badPlays).append(" unreadable, sent to dead-letters), ").append(itemsSeen)
                    .append(" new items, ").append(requests).append(" Last.fm calls, ").append(cacheHits)
                    .append(" cache hits, ").append(throttled).append(" rate-limited answers, ").append(published)
                    .append(" item-tags published, ").append(notFound).append(" not known to Last.fm");
            if (!errorsByItem.isEmpty()) {
                sb.append("\n  items with errors (").append(errorsByItem.size()).append("):");
                errorsByItem.entrySet().stream().limit(10).forEach(e -> sb.append("\n    ")
                        .append(e.getKey().replace('\u001f', '/')).append(": ").append(e.getValue()));
            }
            if (failure != null) {
                sb.append("\n  STOPPED: ").append(failure);
            }
            return sb.toString();
        }
    }

    private final LastfmClient client;
    private final Consumer<byte[], byte[]> consumer;
    private final Producer<byte[], byte[]> producer;
    private final TagCache cache;
    private final TokenBucket bucket;
    private final TagNormalizer normalizer;
    private final Settings settings;
    private final Clock clock;
    private final TagMetrics metrics;
    private volatile boolean stopRequested;

    private long playsRead;
    private long badPlays;
    private long itemsSeen;
    private long requests;
    private long cacheHits;
    private long throttled;
    private long published;
    private long notFound;
    private final Map<String, Long> errorsByItem = new TreeMap<>();
    private final Set<String> seen = new HashSet<>();

    public TagPoller(LastfmClient client, Consumer<byte[], byte[]> consumer, Producer<byte[], byte[]> producer,
                     TagCache cache, TokenBucket bucket, TagNormalizer normalizer, Settings settings, Clock clock,
                     MeterRegistry registry) {
        this.client = client;
        this.consumer = consumer;
        this.producer = producer;
        this.cache = cache;
        this.bucket = bucket;
        this.normalizer = normalizer;
        this.settings = settings;
        this.clock = clock;
        this.metrics = new TagMetrics(registry);
    }

    public static Map<String, Object> consumerConfig(String bootstrap, String groupId) {
        Map<String, Object> c = new HashMap<>();
        c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        c.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, "tastestream-tags");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // at 5 calls/s, 50 plays (up to 100 new items) take 20 s, well inside max.poll.interval.ms
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 50);
        c.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        c.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class);
        return c;
    }

    public static Map<String, Object> producerConfig(String bootstrap) {
        return ProducerSettings.reliable(bootstrap, "tastestream-tags");
    }

    public void stop() {
        stopRequested = true;
    }

    /** Runs until {@link #stop()}, a fatal Last.fm answer (bad API key), or, if so set, the end of plays. */
    public Summary run() throws InterruptedException {
        consumer.subscribe(List.of(Topics.PLAYS.name()));
        String failure = null;
        try {
            while (!stopRequested) {
                ConsumerRecords<byte[], byte[]> records = consumer.poll(settings.pollTimeout());
                List<Pending> pending = new ArrayList<>();
                for (ConsumerRecord<byte[], byte[]> record : records) {
                    handle(record, pending);
                }
                producer.flush();
                for (Pending p : pending) {
                    if (p.failure.get() == null) {
                        cache.put(p.entry.asPublished());
                        published++;
                        metrics.published(p.entry.source());
                    } else {
                        // stays unpublished in the cache: the next run publishes it without asking Last.fm
                        log.error("publishing tags of {} failed: {}", p.entry.item().key(), p.failure.get().toString());
                    }
                }
                if (!records.isEmpty()) {
                    consumer.commitSync();
                }
                if (settings.untilCaughtUp() && caughtUp()) {
                    break;
                }
            }
        } catch (FatalLastfmAnswer e) {
            failure = e.getMessage();
        }
        return new Summary(playsRead, badPlays, itemsSeen, requests, cacheHits, throttled, published, notFound,
                new TreeMap<>(errorsByItem), failure);
    }

    private boolean caughtUp() {
        Set<TopicPartition> assigned = consumer.assignment();
        if (assigned.isEmpty()) {
            return false;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned);
        return assigned.stream().allMatch(tp -> consumer.position(tp) >= end.get(tp));
    }

    private record Pending(CachedTags entry, AtomicReference<Exception> failure) {}

    private void handle(ConsumerRecord<byte[], byte[]> record, List<Pending> pending) throws InterruptedException {
        playsRead++;
        PlayEvent play;
        try {
            play = Topics.PLAYS.valueSerde().decode(record.value());
        } catch (RuntimeException e) {
            badPlays++;
            deadLetter(record, e.getMessage());
            return;
        }
        process(ItemRef.artist(play.artist()), pending);
        if (settings.trackTags()) {
            process(play.item(), pending);
        }
    }

    private void process(ItemRef item, List<Pending> pending) throws InterruptedException {
        if (!seen.add(item.key())) {
            return;
        }
        Instant now = clock.instant();
        var cached = cache.get(SOURCE, item, now);
        if (cached.isPresent()) {
            cacheHits++;
            metrics.cacheHit();
            if (!cached.get().published()) {
                publish(cached.get(), pending);
            }
            return;
        }
        itemsSeen++;
        LastfmOutcome<List<Tag>> outcome = fetch(item);
        switch (outcome.kind()) {
            case OK -> {
                List<TagNormalizer.RawTag> raw = new ArrayList<>();
                for (Tag t : outcome.value()) {
                    raw.add(new TagNormalizer.RawTag(t.getName(), t.getCount()));
                }
                CachedTags entry = new CachedTags(item, SOURCE, true, normalizer.normalise(raw), now, false);
                cache.put(entry);
                publish(entry, pending);
            }
            case NOT_FOUND -> {
                notFound++;
                errorsByItem.merge(item.key(), 1L, Long::sum);
                metrics.error(outcome.label());
                cache.put(new CachedTags(item, SOURCE, false, List.of(), now, true));
            }
            case FATAL -> throw new FatalLastfmAnswer(outcome.message());
            default -> {
                // given up after retries: counted against the item, not cached, asked again on a later run
                errorsByItem.merge(item.key(), (long) settings.maxAttempts(), Long::sum);
            }
        }
    }

    /** Rate-limited call with retries; returns OK, NOT_FOUND, FATAL, or the last transient failure. */
    private LastfmOutcome<List<Tag>> fetch(ItemRef item) throws InterruptedException {
        int failures = 0;
        int throttles = 0;
        String method = item.isArtist() ? LastfmClient.ARTIST_TOP_TAGS : LastfmClient.TRACK_TOP_TAGS;
        while (true) {
            LastfmOutcome<List<Tag>> outcome;
            try (TokenBucket.Permit call = bucket.acquire()) {
                requests++;
                metrics.request(method);
                outcome = item.isArtist() ? client.artistTopTags(item.artist())
                        : client.trackTopTags(item.artist(), item.track());
            }
            switch (outcome.kind()) {
                case RATE_LIMITED -> {
                    throttles++;
                    throttled++;
                    bucket.drain();
                    long slept = settings.backoff().delay(throttles).toMillis();
                    metrics.throttled(slept);
                    log.warn("Last.fm rate limit hit; backing off {} ms", slept);
                    Thread.sleep(slept);
                }
                case TRANSIENT -> {
                    failures++;
                    metrics.error(outcome.label());
                    if (failures >= settings.maxAttempts()) {
                        log.warn("{} for {} failed {} times, last: {}", method, item.key().replace('\u001f', '/'),
                                failures, outcome.message());
                        return outcome;
                    }
                    settings.backoff().sleep(failures);
                }
                default -> {
                    return outcome;
                }
            }
        }
    }

    private void publish(CachedTags entry, List<Pending> pending) {
        if (!entry.found() || entry.tags().isEmpty()) {
            // nothing to say; publishing an empty list would wipe tags another source gave the item
            cache.put(entry.asPublished());
            return;
        }
        ItemTagsEvent event = ItemTagsEvent.of(entry.item(), entry.tags(), entry.source(), entry.fetchedAt());
        AtomicReference<Exception> failure = new AtomicReference<>();
        producer.send(new ProducerRecord<>(Topics.ITEM_TAGS.name(), Topics.ITEM_TAGS.keySerde().encode(
                entry.item().key()), Topics.ITEM_TAGS.valueSerde().encode(event)), (m, e) -> failure.set(e));
        pending.add(new Pending(entry, failure));
    }

    private void deadLetter(ConsumerRecord<byte[], byte[]> record, String reason) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        String value = record.value() == null ? null : new String(record.value(), StandardCharsets.UTF_8);
        DeadLetter letter = new DeadLetter(DeadLetter.CURRENT_VERSION, STAGE, record.topic(), record.partition(),
                record.offset(), key, value, reason, clock.instant());
        ProducerRecord<byte[], byte[]> out = new ProducerRecord<>(Topics.DEAD_LETTERS.name(),
                Topics.DEAD_LETTERS.keySerde().encode(key == null ? "" : key), Topics.DEAD_LETTERS.valueSerde()
                .encode(letter));
        out.headers().add(DeadLetter.REASON_HEADER, reason.getBytes(StandardCharsets.UTF_8));
        producer.send(out);
    }

    /** A Last.fm answer that no retry will fix (invalid API key, suspended key). */
    private static final class FatalLastfmAnswer extends RuntimeException {
        FatalLastfmAnswer(String message) {
            super(message + " (check lastfm.api-key / TASTESTREAM_LASTFM_API_KEY)", null, false, false);
        }
    }
}
