package io.tastestream.ingest.lastfm;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Properties;

/**
 * How far the import of one Last.fm user has got, persisted after every page Kafka has acknowledged.
 *
 * <p>The window ({@code from}..{@code to}, UNIX seconds, inclusive) is fixed when an import starts, so the pages of
 * a resumed import are the same pages as before: new scrobbles arriving meanwhile fall after {@code to} and do
 * not shift page boundaries. Pages are imported oldest first (from page {@code pageCount} down to 1);
 * {@code pagesDone} counts pages from the oldest end.
 *
 * <p>Before a page is sent, its place is noted ({@code inFlightPartition}, {@code inFlightOffset}: the end of
 * the user's partition of {@code plays} then). If the process dies mid-page (kill -9), the resumed run reads that
 * partition from there and does not send again the plays of that page that already landed.
 *
 * @param completed true once every page of the window is in Kafka; the next import then starts at {@code to + 1}
 * @param inFlightPartition partition of the page being sent, -1 when no page is in flight
 */
public record ImportProgress(String user, long from, long to, int pageSize, int pageCount, int total, int pagesDone,
                             boolean completed, int inFlightPartition, long inFlightOffset) {

    public ImportProgress(String user, long from, long to, int pageSize, int pageCount, int total, int pagesDone,
                          boolean completed) {
        this(user, from, to, pageSize, pageCount, total, pagesDone, completed, -1, -1);
    }

    public ImportProgress withPagesDone(int done) {
        return new ImportProgress(user, from, to, pageSize, pageCount, total, done, done >= pageCount);
    }

    public ImportProgress withInFlight(int partition, long offset) {
        return new ImportProgress(user, from, to, pageSize, pageCount, total, pagesDone, completed, partition, offset);
    }

    public boolean hasPageInFlight() {
        return inFlightPartition >= 0;
    }

    /** The Last.fm page number of the next page to import (pages count from the newest). */
    public int nextLastfmPage() {
        return pageCount - pagesDone;
    }

    /** Where progress of {@code user} lives under the data dir; the user name is made file-safe. */
    public static Path file(Path dataDir, String user) {
        String safe = user.replaceAll("[^A-Za-z0-9._-]", "_");
        return dataDir.resolve("lastfm-import").resolve(safe + ".properties");
    }

    /** The stored progress, or null when this user was never imported into this data dir. */
    public static ImportProgress load(Path file) throws IOException {
        if (!Files.exists(file)) {
            return null;
        }
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        try {
            return new ImportProgress(p.getProperty("user"), Long.parseLong(p.getProperty("from")),
                    Long.parseLong(p.getProperty("to")), Integer.parseInt(p.getProperty("pageSize")),
                    Integer.parseInt(p.getProperty("pageCount")), Integer.parseInt(p.getProperty("total")),
                    Integer.parseInt(p.getProperty("pagesDone")), Boolean.parseBoolean(p.getProperty("completed")),
                    Integer.parseInt(p.getProperty("inFlightPartition", "-1")),
                    Long.parseLong(p.getProperty("inFlightOffset", "-1")));
        } catch (RuntimeException e) {
            throw new IOException("unreadable import progress " + file + " (" + e + "); delete it to start over", e);
        }
    }

    /** Writes to a temporary file and renames it, so a crash mid-write leaves the previous progress intact. */
    public void store(Path file) throws IOException {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("from", Long.toString(from));
        p.setProperty("to", Long.toString(to));
        p.setProperty("pageSize", Integer.toString(pageSize));
        p.setProperty("pageCount", Integer.toString(pageCount));
        p.setProperty("total", Integer.toString(total));
        p.setProperty("pagesDone", Integer.toString(pagesDone));
        p.setProperty("completed", Boolean.toString(completed));
        p.setProperty("inFlightPartition", Integer.toString(inFlightPartition));
        p.setProperty("inFlightOffset", Long.toString(inFlightOffset));
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
            p.store(w, "tastestream Last.fm import progress");
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
