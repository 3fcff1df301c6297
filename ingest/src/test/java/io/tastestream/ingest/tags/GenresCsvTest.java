package io.tastestream.ingest.tags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.testing.SharedData;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GenresCsvTest {

    @TempDir
    Path tmp;

    private Path write(String content) throws IOException {
        Path f = tmp.resolve("genres.csv");
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    @Test
    void readsTheSpotifyShapeWithCrlfQuotesAndPythonLists() throws IOException {
        Path f = write(String.join("\r\n",
                "artists,popularity,genres",
                "\"\"\"Cats\"\" 1981 Original London Cast\",38,['show tunes']",
                "$NOT,64.6,\"['east coast hip hop', 'gangster rap']\"",
                "Barney,41.1,\"['cartoon', \"\"children's music\"\"]\"",
                "$IMEON,62,[]",
                "\"Multi",
                "Line\",1,['a\\'b']",
                ""));

        GenresCsv.Result r = GenresCsv.read(f);

        assertThat(r.problems()).isEmpty();
        assertThat(r.rows()).containsExactly(
                new GenresCsv.ArtistGenres(2, "\"Cats\" 1981 Original London Cast", List.of("show tunes")),
                new GenresCsv.ArtistGenres(3, "$NOT", List.of("east coast hip hop", "gangster rap")),
                new GenresCsv.ArtistGenres(4, "Barney", List.of("cartoon", "children's music")),
                new GenresCsv.ArtistGenres(5, "$IMEON", List.of()),
                new GenresCsv.ArtistGenres(6, "Multi\r\nLine", List.of("a'b")));
    }

    @Test
    void badRowsAreReportedByFileLineAndFieldAndTheRestIsRead() throws IOException {
        Path f = write(String.join("\n",
                "artists,popularity,genres",
                "Good One,1,['rock']",
                "Broken List,2,\"['rock', 'pop'\"",
                "Too Many,3,['x'],extra",
                ",4,['nameless']",
                "Not A List,5,rock",
                "Also Good,6,\"['jazz',]\"",
                "Open Quote,7,\"['never closed]"));

        GenresCsv.Result r = GenresCsv.read(f);

        assertThat(r.rows()).extracting(GenresCsv.ArtistGenres::artist).containsExactly("Good One", "Also Good");
        assertThat(r.problems()).hasSize(5);
        assertThat(r.problems().get(0)).startsWith(f + ":3: field 'genres': not a Python list");
        assertThat(r.problems().get(1)).isEqualTo(f + ":4: expected 3 fields, found 4");
        assertThat(r.problems().get(2)).isEqualTo(f + ":5: field 'artists': empty artist name");
        assertThat(r.problems().get(3)).startsWith(f + ":6: field 'genres': not a Python list");
        assertThat(r.problems().get(4)).startsWith(f + ":8: a quoted field");
    }

    @Test
    void aFileWithoutTheColumnsIsRefusedNamingThem() throws IOException {
        Path f = write("name,tags\r\nx,['a']\r\n");
        assertThatThrownBy(() -> GenresCsv.read(f)).isInstanceOf(IOException.class)
                .hasMessageContaining(f + ":1: header must name the columns 'artists' and 'genres'");
    }

    @Test
    void readsTheRealSpotifyArtistGenresFile() throws IOException {
        Path file = SharedData.require(SharedData.SPOTIFY_GENRES).resolve("data_w_genres.csv");

        GenresCsv.Result r = GenresCsv.read(file);

        // figures from the folder's SOURCE.md
        assertThat(r.problems()).isEmpty();
        assertThat(r.rows()).hasSize(22_727);
        assertThat(r.rows().stream().filter(a -> !a.genres().isEmpty()).count()).isEqualTo(16_403);
        Set<String> distinct = new HashSet<>();
        r.rows().forEach(a -> distinct.addAll(a.genres()));
        assertThat(distinct).hasSize(2_604);
        assertThat(r.rows()).filteredOn(a -> a.artist().equals("Anti-Nowhere League")).singleElement()
                .satisfies(a -> assertThat(a.genres()).contains("punk 'n' roll", "oi"));
    }
}
