package io.tastestream.core.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HetRecReaderTest {
    @TempDir
    Path tmp;

    HetRecFiles small(Path dir) {
        return new HetRecFiles(dir)
                .artists("1\tSigur Rós\thttp://www.last.fm/music/Sigur+R%C3%B3s\t",
                        "2\tMogwai\thttp://www.last.fm/music/Mogwai\thttp://img/2.jpg")
                .tags("10\tmúsica", "11\tpost-rock")
                .userArtists("5\t1\t300", "5\t2\t120", "6\tnot-a-number\t7", "6\t2\t80", "7\t99\t3")
                .tagged("5\t1\t10\t1\t6\t2009", "5\t2\t11\t1\t3\t1956", "6\t2\t11\t31\t2\t2010",
                        "6\t1\t11\t1\t4\t2011\textra")
                .friends("5\t6", "6\t5");
    }

    @Test
    void readsAllFilesWithTheirEncodings() throws Exception {
        Dataset d = HetRecReader.read(small(tmp.resolve("a")).dir());

        assertThat(d.artists()).containsEntry(1, "Sigur Rós").containsEntry(2, "Mogwai").hasSize(2);
        // tags.dat is latin-1: read as UTF-8, "música" would come out garbled
        assertThat(d.tags()).containsEntry(10, "música").containsEntry(11, "post-rock");
        assertThat(d.userArtists()).containsExactly(new UserArtist(5, 1, 300), new UserArtist(5, 2, 120),
                new UserArtist(6, 2, 80), new UserArtist(7, 99, 3));
        assertThat(d.tagAssignments()).containsExactly(new TagAssignment(5, 1, 10, LocalDate.of(2009, 6, 1)));
        assertThat(d.friendships()).containsExactly(new Friendship(5, 6), new Friendship(6, 5));
        assertThat(d.users()).containsExactly(5, 6, 7);
    }

    @Test
    void reportsMalformedLinesWithFileAndLineAndKeepsTheRest() throws Exception {
        Path dir = small(tmp.resolve("a")).dir();
        Dataset d = HetRecReader.read(dir);

        assertThat(d.malformed()).extracting(LineIssue::toString).containsExactly(
                dir.resolve("user_artists.dat") + ":4: artistID is not an integer: 'not-a-number'",
                dir.resolve("user_taggedartists.dat") + ":4: invalid date 2010-2-31",
                dir.resolve("user_taggedartists.dat") + ":5: expected 6 tab-separated columns, found 7");
    }

    @Test
    void dropsTagAssignmentsBefore2005() throws Exception {
        Path dir = small(tmp.resolve("a")).dir();
        Dataset d = HetRecReader.read(dir);

        assertThat(d.dropped()).containsExactly(
                new LineIssue(dir.resolve("user_taggedartists.dat"), 3, "year 1956 is before 2005 (bogus date)"));
        assertThat(d.tagAssignments()).noneMatch(t -> t.date().getYear() < 2005);
    }

    @Test
    void keepsArtistsMissingFromArtistsDatById() throws Exception {
        Dataset d = HetRecReader.read(small(tmp.resolve("a")).dir());

        assertThat(d.artists()).doesNotContainKey(99);
        assertThat(d.userArtists()).contains(new UserArtist(7, 99, 3));
        assertThat(d.artistName(99)).isEqualTo("unknown artist #99");
    }

    @Test
    void reportsUndecodableUtf8PerLine() throws Exception {
        Path dir = small(tmp.resolve("a")).dir();
        // "Bäd" in latin-1: the byte 0xE4 alone is not UTF-8
        byte[] bad = "id\tname\turl\tpictureURL\n1\tGood\t\t\n2\tB\u00e4d\t\t\n".getBytes(StandardCharsets.ISO_8859_1);
        Files.write(dir.resolve("artists.dat"), bad);

        Dataset d = HetRecReader.read(dir);

        assertThat(d.artists()).containsOnlyKeys(1);
        assertThat(d.malformed()).extracting(LineIssue::toString)
                .contains(dir.resolve("artists.dat") + ":3: not valid UTF-8");
    }

    @Test
    void unionsDirectoriesInOrder() throws Exception {
        Path a = small(tmp.resolve("a")).dir();
        Path b = new HetRecFiles(tmp.resolve("b"))
                .artists("2\tMogwai\t\t", "3\tMono\t\t", "1\tSomeone Else\t\t")
                .tags("12\tjapanese")
                .userArtists("8\t3\t40", "8\t2\t10")
                .tagged("8\t3\t12\t1\t1\t2008")
                .friends()
                .dir();

        Dataset d = HetRecReader.read(List.of(a, b));

        assertThat(d.sources()).containsExactly(a, b);
        assertThat(d.artists()).containsEntry(1, "Sigur Rós").containsEntry(3, "Mono").hasSize(3);
        assertThat(d.tags()).containsOnlyKeys(10, 11, 12);
        assertThat(d.userArtists()).hasSize(6).endsWith(new UserArtist(8, 3, 40), new UserArtist(8, 2, 10));
        assertThat(d.tagAssignments()).hasSize(2);
        assertThat(d.users()).containsExactly(5, 6, 7, 8);
        // an id means one artist across the union: a different name is reported, not silently taken
        assertThat(d.malformed()).extracting(LineIssue::toString).contains(b.resolve("artists.dat")
                + ":4: artist id 1 is 'Someone Else' here but 'Sigur Rós' in an earlier line or directory; "
                + "keeping 'Sigur Rós'");
    }

    @Test
    void optionalFilesMayBeMissingButArtistsAndListeningMayNot() throws Exception {
        Path minimal = new HetRecFiles(tmp.resolve("minimal")).artists("1\tA\t\t").userArtists("1\t1\t5").dir();
        Dataset d = HetRecReader.read(minimal);
        assertThat(d.userArtists()).hasSize(1);
        assertThat(d.tags()).isEmpty();
        assertThat(d.tagAssignments()).isEmpty();

        Path noListening = new HetRecFiles(tmp.resolve("nolisten")).artists("1\tA\t\t").dir();
        assertThatThrownBy(() -> HetRecReader.read(noListening))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(noListening.toString()).hasMessageContaining("user_artists.dat is missing");
        assertThatThrownBy(() -> HetRecReader.read(tmp.resolve("nope")))
                .hasMessageContaining("nope").hasMessageContaining("does not exist");
    }

    @Test
    void aFirstLineThatIsDataIsNotSwallowedAsAHeader() throws Exception {
        Path dir = new HetRecFiles(tmp.resolve("h")).artists("1\tA\t\t").dir();
        Files.writeString(dir.resolve("user_artists.dat"), "1\t1\t5\n2\t1\t6\n");

        assertThat(HetRecReader.read(dir).userArtists()).hasSize(2);
    }
}
