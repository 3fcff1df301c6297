package io.tastestream.ingest.tags;

import io.micrometer.core.instrument.MeterRegistry;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.topic.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * The second tag source: artist genres from a CSV (see {@link GenresCsv}), published as {@link ItemTagsEvent}s
 * with source {@code spotify-genres}, each genre with weight 1 (membership, not a vote count).
 *
 * <p>item-tags keeps the latest event per item, so two sources for one artist would overwrite each other. Last.fm
 * wins: an artist whose Last.fm tags are cached (non-empty) is left alone, and the tag poller publishes nothing
 * for an artist Last.fm has no tags for, so the genres stay. Last.fm tags are votes by many listeners on the
 * artist as a whole; Spotify genres are few, coarse labels, better than nothing.
 */
public final class GenresLoader {
    public static final String SOURCE = "spotify-genres";

    public record Summary(Path file, int rows, int artists, long published, int withoutGenres, int lastfmWins,
                          List<String> problems, String failure) {
        public String describe() {
            StringBuilder sb = new StringBuilder("Genres from ").append(file).append(": ").append(rows)
                    .append(" rows, ").append(artists).append(" artists; ").append(published)
                    .append(" item-tags published (source ").append(SOURCE).append("), ").append(withoutGenres)
                    .append(" artists without genres, ").append(lastfmWins)
                    .append(" left to their Last.fm tags; ").append(problems.size()).append(" bad rows");
            problems.stream().limit(20).forEach(p -> sb.append("\n  ").append(p));
            if (problems.size() > 20) {
                sb.append("\n  … and ").append(problems.size() - 20).append(" more");
            }
            if (failure != null) {
                sb.append("\n  FAILED: ").append(failure);
            }
            return sb.toString();
        }
    }

    private final Producer<byte[], byte[]> producer;
    private final TagCache cache;
    private final TagNormalizer normalizer;
    private final Clock clock;
    private final TagMetrics metrics;

    public GenresLoader(Producer<byte[], byte[]> producer, TagCache cache, TagNormalizer normalizer, Clock clock,
                        MeterRegistry registry) {
        this.producer = producer;
        this.cache = cache;
        this.normalizer = normalizer;
        this.clock = clock;
        this.metrics = new TagMetrics(registry);
    }

    public Summary load(Path csv) throws IOException {
        GenresCsv.Result read = GenresCsv.read(csv);
        // one artist may appear on several rows (spellings that normalise alike): their genres are merged
        Map<String, ItemRef> artists = new LinkedHashMap<>();
        Map<String, Set<String>> genres = new LinkedHashMap<>();
        for (GenresCsv.ArtistGenres row : read.rows()) {
            String key = Names.key(row.artist());
            artists.putIfAbsent(key, ItemRef.artist(row.artist()));
            genres.computeIfAbsent(key, k -> new LinkedHashSet<>()).addAll(row.genres());
        }
        Instant now = clock.instant();
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> failure = new AtomicReference<>();
        List<CachedTags> sent = new ArrayList<>();
        int withoutGenres = 0;
        int lastfmWins = 0;
        for (Map.Entry<String, ItemRef> a : artists.entrySet()) {
            List<TagNormalizer.RawTag> raw = genres.get(a.getKey()).stream()
                    .map(g -> new TagNormalizer.RawTag(g, 1.0)).toList();
            List<WeightedTag> tags = normalizer.normalise(raw);
            ItemRef item = a.getValue();
            if (tags.isEmpty()) {
                withoutGenres++;
                continue;
            }
            CachedTags entry = new CachedTags(item, SOURCE, true, tags, now, false);
            Optional<CachedTags> lastfm = cache.getAnyAge(TagPoller.SOURCE, item);
            if (lastfm.isPresent() && lastfm.get().found() && !lastfm.get().tags().isEmpty()) {
                lastfmWins++;
                cache.put(entry.asPublished());
                continue;
            }
            ItemTagsEvent event = ItemTagsEvent.of(item, tags, SOURCE, now);
            producer.send(new ProducerRecord<>(Topics.ITEM_TAGS.name(), Topics.ITEM_TAGS.keySerde().encode(
                    item.key()), Topics.ITEM_TAGS.valueSerde().encode(event)), (m, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
                        } else {
                            failure.compareAndSet(null, e);
                        }
                    });
            sent.add(entry);
        }
        producer.flush();
        if (failure.get() == null) {
            for (CachedTags entry : sent) {
                cache.put(entry.asPublished());
                metrics.published(SOURCE);
            }
        }
        return new Summary(csv, read.rows().size() + read.problems().size(), artists.size(), acked.get(),
                withoutGenres, lastfmWins, read.problems(),
                failure.get() == null ? null : "Kafka refused item-tags: " + failure.get().getMessage());
    }
}
