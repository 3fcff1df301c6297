package io.tastestream.ingest.tags;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads artist genres from a CSV shaped like the Spotify "data_w_genres.csv" table: a header naming at least the
 * columns {@code artists} and {@code genres}; comma-separated, double-quote quoting with {@code ""} for a quote,
 * CRLF or LF line ends (a quoted field may span lines); {@code genres} is a Python list literal such as
 * {@code ['funk metal', "children's music"]} or {@code []}.
 *
 * <p>A bad row is reported with the file, its line number and the field, and the rest of the file is still read.
 */
public final class GenresCsv {

    /** One artist's genres; {@code line} is where its row starts. */
    public record ArtistGenres(int line, String artist, List<String> genres) {}

    public record Result(Path file, List<ArtistGenres> rows, List<String> problems) {}

    private GenresCsv() {}

    public static Result read(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        try (BufferedReader reader = new BufferedReader(new java.io.InputStreamReader(Files.newInputStream(file),
                decoder))) {
            return read(file, reader);
        } catch (CharacterCodingException e) {
            throw new IOException(file + ": not UTF-8 text (" + e + ")", e);
        }
    }

    static Result read(Path file, BufferedReader reader) throws IOException {
        CsvRecords records = new CsvRecords(reader);
        List<String> problems = new ArrayList<>();
        List<ArtistGenres> rows = new ArrayList<>();
        CsvRecords.Record header = records.next();
        if (header == null) {
            throw new IOException(file + ": empty file, expected a header with 'artists' and 'genres'");
        }
        int artistColumn = indexOf(header.fields(), "artists", "artist", "artist_name", "name");
        int genresColumn = indexOf(header.fields(), "genres");
        if (artistColumn < 0 || genresColumn < 0) {
            throw new IOException(file + ":1: header must name the columns 'artists' and 'genres', found "
                    + header.fields());
        }
        int width = header.fields().size();
        CsvRecords.Record record;
        while (true) {
            try {
                record = records.next();
            } catch (CsvRecords.BadRecord e) {
                problems.add(file + ":" + e.line() + ": " + e.getMessage());
                continue;
            }
            if (record == null) {
                break;
            }
            List<String> f = record.fields();
            if (f.size() == 1 && f.get(0).isBlank()) {
                continue;
            }
            String where = file + ":" + record.line() + ": ";
            if (f.size() != width) {
                problems.add(where + "expected " + width + " fields, found " + f.size());
                continue;
            }
            String artist = f.get(artistColumn).strip();
            if (artist.isEmpty()) {
                problems.add(where + "field 'artists': empty artist name");
                continue;
            }
            try {
                rows.add(new ArtistGenres(record.line(), artist, PythonList.parse(f.get(genresColumn))));
            } catch (IllegalArgumentException e) {
                problems.add(where + "field 'genres': " + e.getMessage());
            }
        }
        return new Result(file, rows, problems);
    }

    private static int indexOf(List<String> header, String... names) {
        for (String name : names) {
            for (int i = 0; i < header.size(); i++) {
                // a UTF-8 byte-order mark sticks to the first header name of files saved by spreadsheets
                if (header.get(i).replace("\uFEFF", "").strip().toLowerCase(Locale.ROOT).equals(name)) {
                    return i;
                }
            }
        }
        return -1;
    }
}
