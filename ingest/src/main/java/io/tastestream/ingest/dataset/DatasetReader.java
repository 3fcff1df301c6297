package io.tastestream.ingest.dataset;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a dataset directory in the HetRec 2011 Last.fm format (plus an optional {@code plays.tsv} in the Last.fm-1K
 * format), or a Last.fm-1K play file on its own.
 *
 * <p>Lines that cannot be used are skipped and reported with file, line and reason; everything else is kept. A
 * tag assignment dated before {@value #EARLIEST_TAG_YEAR} is dropped the same way: HetRec has a few rows with
 * bogus years (1956, 1957, 1979) that would otherwise stretch every time axis by half a century.
 *
 * <p>Self-contained on purpose (core's dataset reader was not there yet); the two may be merged.
 */
public final class DatasetReader {

    public static final String ARTISTS = "artists.dat";
    public static final String TAGS = "tags.dat";
    public static final String USER_ARTISTS = "user_artists.dat";
    public static final String USER_TAGGED_ARTISTS = "user_taggedartists.dat";
    public static final String USER_FRIENDS = "user_friends.dat";
    public static final String PLAYS = "plays.tsv";
    public static final String README = "README.txt";
    public static final int EARLIEST_TAG_YEAR = 2005;

    /** Marks a directory written by the synthetic generator. */
    public static final String SYNTHETIC_MARKER = "SYNTHETIC";

    private static final List<String> HETREC_FILES =
            List.of(ARTISTS, TAGS, USER_ARTISTS, USER_TAGGED_ARTISTS, USER_FRIENDS);

    /** Reads a directory (HetRec files and/or plays.tsv) or a single Last.fm-1K play file. */
    public Dataset read(Path location) throws IOException {
        if (Files.isRegularFile(location)) {
            return readPlayFile(location);
        }
        if (!Files.isDirectory(location)) {
            throw new IllegalArgumentException("dataset " + location + " does not exist (expected a directory "
                    + "with " + String.join(", ", HETREC_FILES) + " and/or " + PLAYS + ", or a Last.fm-1K .tsv file)");
        }
        boolean anyHetRec = HETREC_FILES.stream().anyMatch(f -> Files.isRegularFile(location.resolve(f)));
        Path playFile = location.resolve(PLAYS);
        boolean hasPlays = Files.isRegularFile(playFile);
        if (!anyHetRec && !hasPlays) {
            throw new IllegalArgumentException("dataset directory " + location + " has none of "
                    + String.join(", ", HETREC_FILES) + ", " + PLAYS);
        }
        DatasetKind kind = isSynthetic(location) ? DatasetKind.SYNTHETIC
                : anyHetRec ? DatasetKind.HETREC : DatasetKind.LASTFM_1K;

        Problems problems = new Problems();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<Artist> artists = readArtists(location.resolve(ARTISTS), problems, rows);
        List<Tag> tags = readTags(location.resolve(TAGS), problems, rows);
        Set<Integer> artistIds = ids(artists, Artist::id);
        Set<Integer> tagIds = ids(tags, Tag::id);
        boolean checkArtists = Files.isRegularFile(location.resolve(ARTISTS));
        boolean checkTags = Files.isRegularFile(location.resolve(TAGS));
        List<UserArtist> userArtists = readUserArtists(location.resolve(USER_ARTISTS),
                checkArtists ? artistIds : null, problems, rows);
        List<TagAssignment> assignments = readTagAssignments(location.resolve(USER_TAGGED_ARTISTS),
                checkArtists ? artistIds : null, checkTags ? tagIds : null, problems, rows);
        List<Friendship> friends = readFriends(location.resolve(USER_FRIENDS), problems, rows);
        List<PlayRow> plays = hasPlays ? readPlays(playFile, problems, rows) : List.of();
        return new Dataset(location, kind, artists, tags, userArtists, assignments, friends, plays, hasPlays,
                problems.count(), problems.kept(), problems.kinds(), rows);
    }

    private Dataset readPlayFile(Path file) throws IOException {
        Problems problems = new Problems();
        Map<String, Long> rows = new LinkedHashMap<>();
        List<PlayRow> plays = readPlays(file, problems, rows);
        return new Dataset(file, DatasetKind.LASTFM_1K, List.of(), List.of(), List.of(), List.of(), List.of(), plays,
                true, problems.count(), problems.kept(), problems.kinds(), rows);
    }

    static boolean isSynthetic(Path dir) throws IOException {
        Path readme = dir.resolve(README);
        if (!Files.isRegularFile(readme)) {
            return false;
        }
        String text = Files.readString(readme, StandardCharsets.ISO_8859_1);
        return text.startsWith(SYNTHETIC_MARKER);
    }

    // --- one method per file --------------------------------------------------------------------------------

    private List<Artist> readArtists(Path file, Problems problems, Map<String, Long> rows) throws IOException {
        List<Artist> out = new ArrayList<>();
        Map<Integer, Long> firstLine = new HashMap<>();
        readTable(file, true, 4, problems, rows, (f, line, cols) -> {
            int id = parseInt(cols[0], "id");
            String name = cols[1].trim();
            if (name.isEmpty()) {
                throw new BadRow("artist name is empty");
            }
            Long earlier = firstLine.putIfAbsent(id, line);
            if (earlier != null) {
                throw new BadRow("artist id " + id + " already defined at line " + earlier);
            }
            out.add(new Artist(id, name, cols[2].trim(), cols[3].trim()));
        });
        return out;
    }

    private List<Tag> readTags(Path file, Problems problems, Map<String, Long> rows) throws IOException {
        List<Tag> out = new ArrayList<>();
        Map<Integer, Long> firstLine = new HashMap<>();
        // tags.dat is ISO-8859-1 in the original HetRec release (it is not valid UTF-8)
        readTable(file, false, 2, problems, rows, (f, line, cols) -> {
            int id = parseInt(cols[0], "tagID");
            String value = cols[1].trim();
            if (value.isEmpty()) {
                throw new BadRow("tag value is empty");
            }
            Long earlier = firstLine.putIfAbsent(id, line);
            if (earlier != null) {
                throw new BadRow("tag id " + id + " already defined at line " + earlier);
            }
            out.add(new Tag(id, value));
        });
        return out;
    }

    private List<UserArtist> readUserArtists(Path file, Set<Integer> knownArtists, Problems problems,
                                             Map<String, Long> rows) throws IOException {
        List<UserArtist> out = new ArrayList<>();
        readTable(file, true, 3, problems, rows, (f, line, cols) -> {
            int user = parseInt(cols[0], "userID");
            int artist = knownArtist(parseInt(cols[1], "artistID"), knownArtists);
            long weight = parseLong(cols[2], "weight");
            if (weight < 0) {
                throw new BadRow("weight must not be negative, was " + weight);
            }
            out.add(new UserArtist(user, artist, weight));
        });
        return out;
    }

    private List<TagAssignment> readTagAssignments(Path file, Set<Integer> knownArtists, Set<Integer> knownTags,
                                                   Problems problems, Map<String, Long> rows) throws IOException {
        List<TagAssignment> out = new ArrayList<>();
        readTable(file, true, 6, problems, rows, (f, line, cols) -> {
            int user = parseInt(cols[0], "userID");
            int artist = knownArtist(parseInt(cols[1], "artistID"), knownArtists);
            int tag = parseInt(cols[2], "tagID");
            if (knownTags != null && !knownTags.contains(tag)) {
                throw new BadRow("tagID " + tag + " is not in " + TAGS);
            }
            int day = parseInt(cols[3], "day");
            int month = parseInt(cols[4], "month");
            int year = parseInt(cols[5], "year");
            LocalDate date;
            try {
                date = LocalDate.of(year, month, day);
            } catch (DateTimeException e) {
                throw new BadRow("invalid date day=" + day + " month=" + month + " year=" + year);
            }
            if (year < EARLIEST_TAG_YEAR) {
                throw new BadRow("year " + year + " is before " + EARLIEST_TAG_YEAR
                        + " (bogus date in the source), dropped");
            }
            out.add(new TagAssignment(user, artist, tag, date));
        });
        return out;
    }

    private List<Friendship> readFriends(Path file, Problems problems, Map<String, Long> rows) throws IOException {
        List<Friendship> out = new ArrayList<>();
        readTable(file, true, 2, problems, rows, (f, line, cols) ->
                out.add(new Friendship(parseInt(cols[0], "userID"), parseInt(cols[1], "friendID"))));
        return out;
    }

    /** Last.fm-1K: no header, 6 tab-separated columns, UTF-8. */
    private List<PlayRow> readPlays(Path file, Problems problems, Map<String, Long> rows) throws IOException {
        List<PlayRow> out = new ArrayList<>();
        LineSource.forEachLine(file, StandardCharsets.UTF_8, problems, (line, text) -> {
            if (text.isBlank()) {
                return;
            }
            String[] cols = text.split("\t", -1);
            if (cols.length != 6) {
                problems.add(file, line, "expected 6 tab-separated columns (userid, timestamp, artist mbid, artist "
                        + "name, track mbid, track name), found " + cols.length);
                return;
            }
            String user = cols[0].trim();
            if (user.isEmpty()) {
                problems.add(file, line, "userid is empty");
                return;
            }
            Instant at;
            try {
                at = Instant.parse(cols[1].trim());
            } catch (DateTimeParseException e) {
                problems.add(file, line, "timestamp '" + cols[1] + "' is not an ISO-8601 UTC instant such as "
                        + "2009-05-04T23:08:57Z");
                return;
            }
            String artist = cols[3].trim();
            if (artist.isEmpty()) {
                problems.add(file, line, "artist name is empty");
                return;
            }
            out.add(new PlayRow(user, at, cols[2].trim(), artist, cols[4].trim(), cols[5].trim()));
        });
        rows.put(file.getFileName().toString(), (long) out.size());
        return out;
    }

    // --- table plumbing ---------------------------------------------------------------------------------------

    private interface RowHandler {
        void row(Path file, long line, String[] cols);
    }

    /** A row that cannot be used; the message becomes the reported reason. */
    private static final class BadRow extends RuntimeException {
        BadRow(String reason) {
            super(reason, null, false, false);
        }
    }

    /**
     * Reads a HetRec table: tab-separated, one header line (recognised by a non-numeric first column, so a file
     * without its header still reads), exactly {@code columns} columns. Absent files read as empty.
     */
    private void readTable(Path file, boolean utf8, int columns, Problems problems, Map<String, Long> rows,
                           RowHandler handler) throws IOException {
        if (!Files.isRegularFile(file)) {
            return;
        }
        long[] kept = {0};
        LineSource.forEachLine(file, utf8 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1, problems,
                (line, text) -> {
                    if (text.isBlank()) {
                        return;
                    }
                    String[] cols = text.split("\t", -1);
                    if (line == 1 && !isInteger(cols[0].trim())) {
                        return; // header
                    }
                    if (cols.length != columns) {
                        problems.add(file, line, "expected " + columns + " tab-separated columns, found "
                                + cols.length);
                        return;
                    }
                    try {
                        handler.row(file, line, cols);
                        kept[0]++;
                    } catch (BadRow e) {
                        problems.add(file, line, e.getMessage());
                    }
                });
        rows.put(file.getFileName().toString(), kept[0]);
    }

    private static boolean isInteger(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            if (!Character.isDigit(s.charAt(i)) && !(i == 0 && s.charAt(i) == '-')) {
                return false;
            }
        }
        return true;
    }

    private static int knownArtist(int artist, Set<Integer> knownArtists) {
        if (knownArtists != null && !knownArtists.contains(artist)) {
            throw new BadRow("artistID " + artist + " is not in " + ARTISTS);
        }
        return artist;
    }

    private static int parseInt(String s, String column) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            throw new BadRow(column + " '" + s + "' is not a whole number");
        }
    }

    private static long parseLong(String s, String column) {
        try {
            return Long.parseLong(s.trim());
        } catch (NumberFormatException e) {
            throw new BadRow(column + " '" + s + "' is not a whole number");
        }
    }

    private static <T> Set<Integer> ids(List<T> rows, java.util.function.ToIntFunction<T> id) {
        Set<Integer> ids = new HashSet<>();
        rows.forEach(r -> ids.add(id.applyAsInt(r)));
        return ids;
    }
}
