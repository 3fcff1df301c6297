package io.tastestream.ingest.tags;

import io.tastestream.core.event.ItemRef;
import io.tastestream.core.serde.JsonCodec;
import io.tastestream.ingest.common.RocksDbDirectory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.WriteOptions;

/**
 * Tags already fetched, on disk (RocksDB), per source and item key, so a restarted poller asks nothing twice.
 * Entries older than the TTL count as absent (tags change slowly; a month-old answer is asked again). The TTL is
 * checked on read rather than left to RocksDB's TTL compaction, which removes entries only eventually.
 *
 * <p>One process at a time: RocksDB locks the directory, and a second poller gets a clear error.
 */
public final class TagCache implements AutoCloseable {
    private static final JsonCodec<CachedTags> CODEC = JsonCodec.of(CachedTags.class);

    private final RocksDB db;
    private final Options options;
    private final WriteOptions writeOptions;
    private final Duration ttl;
    private final Path dir;

    private TagCache(Path dir, RocksDB db, Options options, Duration ttl) {
        this.dir = dir;
        this.db = db;
        this.options = options;
        this.ttl = ttl;
        // the WAL is kept but not synced per write: an OS crash may lose the last entries, which are asked again
        this.writeOptions = new WriteOptions();
    }

    public static TagCache open(Path dir, Duration ttl) {
        Options options = new Options().setCreateIfMissing(true);
        return new TagCache(dir, RocksDbDirectory.open(dir, options, "the tag cache",
                "is another 'tastestream tags' running on this data dir?"), options, ttl);
    }

    /** The cache of a data dir: {@code <data.dir>/tag-cache}. */
    public static Path dirUnder(Path dataDir) {
        return dataDir.resolve("tag-cache");
    }

    /** The entry when present and younger than the TTL. */
    public Optional<CachedTags> get(String source, ItemRef item, Instant now) {
        Optional<CachedTags> any = getAnyAge(source, item);
        return any.filter(c -> c.isFresh(now, ttl));
    }

    public Optional<CachedTags> getAnyAge(String source, ItemRef item) {
        try {
            byte[] v = db.get(key(source, item));
            return v == null ? Optional.empty() : Optional.of(CODEC.decode(v));
        } catch (RocksDBException e) {
            throw new IllegalStateException("tag cache " + dir + " unreadable: " + e.getMessage(), e);
        } catch (RuntimeException e) {
            // an entry this version cannot read is treated as absent: it is fetched again and overwritten
            return Optional.empty();
        }
    }

    public void put(CachedTags entry) {
        try {
            db.put(writeOptions, key(entry.source(), entry.item()), CODEC.encode(entry));
        } catch (RocksDBException e) {
            throw new IllegalStateException("cannot write the tag cache " + dir + ": " + e.getMessage(), e);
        }
    }

    private static byte[] key(String source, ItemRef item) {
        return (source + '\u001e' + item.key()).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        writeOptions.close();
        db.close();
        options.close();
    }
}
