package io.tastestream.core.dataset;

import io.tastestream.core.progress.Progress;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads HetRec 2011 Last.fm directories: tab-separated files with one header line. A line that cannot be read is
 * recorded as a {@link LineIssue} (file:line: reason) and skipped, so one bad row does not cost the whole dataset;
 * a missing required file or directory is an error.
 *
 * <p>Several directories are read as one dataset (their rows appended, their artist and tag tables merged), e.g. a
 * training copy and a held-out copy of the same dataset.
 */
public final class HetRecReader {
    public static final String ARTISTS = "artists.dat";
    public static final String TAGS = "tags.dat";
    public static final String USER_ARTISTS = "user_artists.dat";
    public static final String USER_TAGGED_ARTISTS = "user_taggedartists.dat";
    public static final String USER_FRIENDS = "user_friends.dat";
    /** Tag assignments dated earlier are bogus (the source has a few from 1956-1979; Last.fm started in 2002). */
    public static final int MIN_TAG_YEAR = 2005;

    private static final Logger LOG = LoggerFactory.getLogger(HetRecReader.class);

    private HetRecReader() {}

    public static Dataset read(Path... dirs) throws IOException {
        return read(List.of(dirs), Progress.NONE);
    }

    public static Dataset read(List<Path> dirs) throws IOException {
        return read(dirs, Progress.NONE);
    }

    /**
     * Reads and unions the directories, in order, reporting bytes read to {@code progress}. Throws when a directory
     * or a required file is missing.
     */
    public static Dataset read(List<Path> dirs, Progress progress) throws IOException {
        if (dirs.isEmpty()) {
            throw new IllegalArgumentException("no dataset directory given");
        }
        Accumulator acc = new Accumulator();
        for (Path dir : dirs) {
            checkDirectory(dir);
        }
        long total = 0;
        for (Path dir : dirs) {
            for (String name : List.of(ARTISTS, TAGS, USER_ARTISTS, USER_TAGGED_ARTISTS, USER_FRIENDS)) {
                Path file = dir.resolve(name);
                total += Files.isRegularFile(file) ? Files.size(file) : 0;
            }
        }
        try (Progress.Step step = progress.start("reading (bytes)", total)) {
            acc.step = step;
            for (Path dir : dirs) {
                readDirectory(dir, acc);
            }
        }
        return new Dataset(dirs, acc.artists, acc.tags, acc.userArtists, acc.tagAssignments, acc.friendships,
                acc.malformed, acc.dropped);
    }

    private static void checkDirectory(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("dataset directory " + dir + " does not exist or is not a directory");
        }
        for (String required : List.of(ARTISTS, USER_ARTISTS)) {
            if (!Files.isRegularFile(dir.resolve(required))) {
                throw new IllegalArgumentException(dir + " is not a HetRec Last.fm dataset: " + required
                        + " is missing");
            }
        }
    }

    private static void readDirectory(Path dir, Accumulator acc) throws IOException {
        // artists.dat: id, name, url, pictureURL; only id and name are needed, and trailing columns are often empty
        readTable(dir.resolve(ARTISTS), StandardCharsets.UTF_8, 2, acc, (f, file, line) -> {
            int id = parseInt(f[0], "id");
            String name = f[1].strip();
            if (name.isEmpty()) {
                throw new BadLine("empty artist name");
            }
            acc.putName(acc.artists, "artist", id, name, file, line);
        });
        // tags.dat is latin-1, unlike artists.dat ("música" is the byte 0xFA there)
        readOptional(dir.resolve(TAGS), StandardCharsets.ISO_8859_1, 2, acc, (f, file, line) -> {
            exactColumns(f, 2);
            int id = parseInt(f[0], "tagID");
            String value = f[1].strip();
            if (value.isEmpty()) {
                throw new BadLine("empty tag value");
            }
            acc.putName(acc.tags, "tag", id, value, file, line);
        });
        readTable(dir.resolve(USER_ARTISTS), StandardCharsets.UTF_8, 3, acc, (f, file, line) -> {
            exactColumns(f, 3);
            long weight = parseLong(f[2], "weight");
            if (weight < 0) {
                throw new BadLine("weight must not be negative, was " + weight);
            }
            acc.userArtists.add(new UserArtist(parseInt(f[0], "userID"), parseInt(f[1], "artistID"), weight));
        });
        readOptional(dir.resolve(USER_TAGGED_ARTISTS), StandardCharsets.UTF_8, 6, acc, (f, file, line) -> {
            exactColumns(f, 6);
            int user = parseInt(f[0], "userID");
            int artist = parseInt(f[1], "artistID");
            int tag = parseInt(f[2], "tagID");
            int day = parseInt(f[3], "day");
            int month = parseInt(f[4], "month");
            int year = parseInt(f[5], "year");
            if (year < MIN_TAG_YEAR) {
                acc.dropped.add(new LineIssue(file, line, "year " + year + " is before " + MIN_TAG_YEAR
                        + " (bogus date)"));
                return;
            }
            LocalDate date;
            try {
                date = LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                throw new BadLine("invalid date " + year + "-" + month + "-" + day);
            }
            acc.tagAssignments.add(new TagAssignment(user, artist, tag, date));
        });
        readOptional(dir.resolve(USER_FRIENDS), StandardCharsets.UTF_8, 2, acc, (f, file, line) -> {
            exactColumns(f, 2);
            acc.friendships.add(new Friendship(parseInt(f[0], "userID"), parseInt(f[1], "friendID")));
        });
    }

    private static void readOptional(Path file, Charset charset, int minColumns, Accumulator acc, RowParser parser)
            throws IOException {
        if (Files.isRegularFile(file)) {
            readTable(file, charset, minColumns, acc, parser);
        } else {
            LOG.warn("{} is missing; reading the dataset without it", file);
        }
    }

    private static void readTable(Path file, Charset charset, int minColumns, Accumulator acc, RowParser parser)
            throws IOException {
        // Undecodable bytes become U+FFFD rather than failing the whole file, so they can be reported per line.
        var decoder = charset.newDecoder()
                .onMalformedInput(CodingErrorAction.REPLACE)
                .onUnmappableCharacter(CodingErrorAction.REPLACE);
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder),
                1 << 16)) {
            String text;
            long line = 0;
            long charsRead = 0;
            long reported = 0;
            while ((text = reader.readLine()) != null) {
                line++;
                charsRead += text.length() + 1;
                if ((line & 0xFFF) == 0) {
                    acc.step.advance(charsRead - reported);
                    reported = charsRead;
                }
                if (!text.isEmpty() && text.charAt(text.length() - 1) == '\r') {
                    text = text.substring(0, text.length() - 1);
                }
                if (text.isBlank()) {
                    continue;
                }
                String[] fields = text.split("\t", -1);
                // The format has one header line; a first line that starts with a number is data, not a header.
                if (line == 1 && !isInteger(fields[0].strip())) {
                    continue;
                }
                try {
                    if (text.indexOf('\uFFFD') >= 0) {
                        throw new BadLine("not valid " + charset.name());
                    }
                    if (fields.length < minColumns) {
                        throw new BadLine("expected " + minColumns + " tab-separated columns, found " + fields.length);
                    }
                    parser.parse(fields, file, line);
                } catch (BadLine e) {
                    acc.malformed.add(new LineIssue(file, line, e.getMessage()));
                }
            }
            // characters undercount multi-byte UTF-8; the file's size is what the total was made of
            acc.step.advance(Math.max(charsRead, Files.size(file)) - reported);
        }
    }

    private static void exactColumns(String[] fields, int n) {
        if (fields.length != n) {
            throw new BadLine("expected " + n + " tab-separated columns, found " + fields.length);
        }
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = s.charAt(0) == '-' ? 1 : 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static int parseInt(String s, String column) {
        try {
            return Integer.parseInt(s.strip());
        } catch (NumberFormatException e) {
            throw new BadLine(column + " is not an integer: '" + s + "'");
        }
    }

    private static long parseLong(String s, String column) {
        try {
            return Long.parseLong(s.strip());
        } catch (NumberFormatException e) {
            throw new BadLine(column + " is not an integer: '" + s + "'");
        }
    }

    @FunctionalInterface
    private interface RowParser {
        void parse(String[] fields, Path file, long line);
    }

    /** A line's reason to be skipped; cheap, as it is control flow for bad rows. */
    private static final class BadLine extends RuntimeException {
        BadLine(String reason) {
            super(reason, null, false, false);
        }
    }

    private static final class Accumulator {
        final Map<Integer, String> artists = new HashMap<>();
        final Map<Integer, String> tags = new HashMap<>();
        final List<UserArtist> userArtists = new ArrayList<>();
        final List<TagAssignment> tagAssignments = new ArrayList<>();
        final List<Friendship> friendships = new ArrayList<>();
        final List<LineIssue> malformed = new ArrayList<>();
        final List<LineIssue> dropped = new ArrayList<>();
        /** Counts characters as bytes while reading (exact for the ASCII files), then each file's size at its end. */
        Progress.Step step;

        /** Ids mean the same thing in every directory of a union; a conflicting name is reported, the first kept. */
        void putName(Map<Integer, String> names, String what, int id, String name, Path file, long line) {
            String earlier = names.putIfAbsent(id, name);
            if (earlier != null && !earlier.equals(name)) {
                throw new BadLine(what + " id " + id + " is '" + name + "' here but '" + earlier
                        + "' in an earlier line or directory; keeping '" + earlier + "'");
            }
        }
    }
}
