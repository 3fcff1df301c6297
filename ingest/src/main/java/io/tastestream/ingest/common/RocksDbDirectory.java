package io.tastestream.ingest.common;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;

/** Opening an ingest store (the import ledger, the tag cache): a RocksDB directory only one process may hold. */
public final class RocksDbDirectory {
    static {
        RocksDB.loadLibrary();
    }

    private RocksDbDirectory() {}

    /**
     * Creates {@code dir} if needed and opens it with {@code options}; on failure closes the options and says what
     * could not be opened, adding {@code whenLocked} when another process holds the directory's lock.
     *
     * @param what       e.g. "the import ledger in"
     * @param whenLocked e.g. "is another import running?"
     */
    public static RocksDB open(Path dir, Options options, String what, String whenLocked) {
        try {
            Files.createDirectories(dir);
            return RocksDB.open(options, dir.toString());
        } catch (RocksDBException e) {
            options.close();
            String message = String.valueOf(e.getMessage());
            throw new IllegalStateException("cannot open " + what + " " + dir + ": " + message
                    + (message.contains("lock") ? " (" + whenLocked + ")" : ""), e);
        } catch (IOException e) {
            options.close();
            throw new IllegalStateException("cannot create the directory of " + what + " " + dir + ": "
                    + e.getMessage(), e);
        }
    }
}
