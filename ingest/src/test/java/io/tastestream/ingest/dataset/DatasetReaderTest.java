package io.tastestream.ingest.dataset;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.testing.SharedData;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetReaderTest {

    @TempDir
    Path dir;

    private final DatasetReader reader = new DatasetReader();

    @Test
    void keepsGoodRowsAndReportsBadOnesWithFileAndLine() throws Exception {
        ByteArrayOutputStream artists = new ByteArrayOutputStream();
        artists.writeBytes(("id\tname\turl\tpictureURL\n"
                + "1\tSigur Rós\thttp://www.last.fm/music/Sigur+R%C3%B3s\t\n"      // line 2: good, UTF-8
                + "x\tBad Id\t\t\n"                                                   // line 3: bad id
                + "2\tMogwai\t\t\n"                                                   // line 4: good
                + "2\tMogwai Again\t\t\n"                                             // line 5: duplicate id
                + "3\tonly two columns\n").getBytes(StandardCharsets.UTF_8));        // line 6: 2 columns
        artists.writeBytes(new byte[] {'4', '\t', 'B', (byte) 0xE9, 'a', '\t', '\t', '\n'}); // line 7: latin-1 byte
        artists.writeBytes("5\tAutechre\t\t\r\n".getBytes(StandardCharsets.UTF_8));   // line 8: CRLF is fine
        Files.write(dir.resolve("artists.dat"), artists.toByteArray());
        Files.write(dir.resolve("tags.dat"), ("tagID\ttagValue\n1\tpost-rock\n2\tmúsica electrónica\n3\t\n")
                .getBytes(StandardCharsets.ISO_8859_1));
        Files.writeString(dir.resolve("user_artists.dat"), "userID\tartistID\tweight\n"
                + "7\t1\t120\n"         // 2 good
                + "7\t99\t3\n"          // 3 unknown artist
                + "7\t2\t-1\n"          // 4 negative
                + "7\t2\n"              // 5 short
                + "8\t2\tmany\n"        // 6 not a number
                + "8\t5\t3\n");         // 7 good
        Files.writeString(dir.resolve("user_taggedartists.dat"), "userID\tartistID\ttagID\tday\tmonth\tyear\n"
                + "7\t1\t1\t1\t5\t2009\n"   // 2 good
                + "7\t1\t2\t1\t6\t1956\n"   // 3 bogus year
                + "7\t2\t1\t31\t2\t2010\n"  // 4 no 31 February
                + "7\t2\t42\t1\t2\t2010\n"  // 5 unknown tag
                + "8\t2\t2\t9\t5\t2011\n"); // 6 good
        Files.writeString(dir.resolve("user_friends.dat"), "userID\tfriendID\n7\t8\n8\t7\nseven\t8\n");
        Files.writeString(dir.resolve("plays.tsv"),
                "user_000001\t2009-05-04T23:08:57Z\t\tMogwai\t\tAuto Rock\n"           // 1 good
                + "user_000001\t2009-05-04 23:08\t\tMogwai\t\tAuto Rock\n"             // 2 bad timestamp
                + "user_000001\t2009-05-04T23:00:00Z\tMogwai\t\tAuto Rock\n"           // 3 five columns
                + "user_000002\t2009-05-03T10:00:00Z\t\t\t\tNo Artist\n"               // 4 no artist
                + "user_000002\t2009-05-03T11:00:00Z\tabc\tSigur Rós\t\t\n");          // 5 good, no track

        Dataset data = reader.read(dir);

        assertThat(data.kind()).isEqualTo(DatasetKind.HETREC);
        assertThat(data.artists()).extracting(Artist::name).containsExactly("Sigur Rós", "Mogwai", "Autechre");
        assertThat(data.tags()).extracting(Tag::value).containsExactly("post-rock", "música electrónica");
        assertThat(data.userArtists()).containsExactly(new UserArtist(7, 1, 120), new UserArtist(8, 5, 3));
        assertThat(data.tagAssignments()).containsExactly(
                new TagAssignment(7, 1, 1, LocalDate.of(2009, 5, 1)),
                new TagAssignment(8, 2, 2, LocalDate.of(2011, 5, 9)));
        assertThat(data.friendships()).containsExactly(new Friendship(7, 8), new Friendship(8, 7));
        assertThat(data.plays()).containsExactly(
                new PlayRow("user_000001", Instant.parse("2009-05-04T23:08:57Z"), "", "Mogwai", "", "Auto Rock"),
                new PlayRow("user_000002", Instant.parse("2009-05-03T11:00:00Z"), "abc", "Sigur Rós", "", ""));
        assertThat(data.rowsKept()).containsEntry("artists.dat", 3L).containsEntry("plays.tsv", 2L);

        Map<String, String> problems = data.problems().stream().collect(Collectors.toMap(
                p -> p.file().getFileName() + ":" + p.line(), LineProblem::reason));
        assertThat(problems).containsOnlyKeys(
                "artists.dat:3", "artists.dat:5", "artists.dat:6", "artists.dat:7", "tags.dat:4",
                "user_artists.dat:3", "user_artists.dat:4", "user_artists.dat:5", "user_artists.dat:6",
                "user_taggedartists.dat:3", "user_taggedartists.dat:4", "user_taggedartists.dat:5",
                "user_friends.dat:4", "plays.tsv:2", "plays.tsv:3", "plays.tsv:4");
        assertThat(problems.get("artists.dat:3")).contains("id 'x' is not a whole number");
        assertThat(problems.get("artists.dat:5")).contains("artist id 2 already defined at line 4");
        assertThat(problems.get("artists.dat:6")).contains("expected 4 tab-separated columns, found 2");
        assertThat(problems.get("artists.dat:7")).contains("not valid UTF-8");
        assertThat(problems.get("user_artists.dat:3")).contains("artistID 99 is not in artists.dat");
        assertThat(problems.get("user_artists.dat:4")).contains("must not be negative");
        assertThat(problems.get("user_taggedartists.dat:3")).contains("year 1956 is before 2005");
        assertThat(problems.get("user_taggedartists.dat:4")).contains("invalid date day=31 month=2 year=2010");
        assertThat(problems.get("user_taggedartists.dat:5")).contains("tagID 42 is not in tags.dat");
        assertThat(problems.get("plays.tsv:2")).contains("is not an ISO-8601 UTC instant");
        assertThat(problems.get("plays.tsv:3")).contains("expected 6 tab-separated columns").contains("found 5");
        assertThat(problems.get("plays.tsv:4")).contains("artist name is empty");
        assertThat(data.problemCount()).isEqualTo(16);
        // the message a person sees names the file and line
        assertThat(data.problems().get(0).toString()).isEqualTo(dir.resolve("artists.dat") + ":3: id 'x' is not a whole number");
    }

    @Test
    void tagsAreReadAsLatin1EvenWhenTheBytesWouldBeInvalidUtf8() throws Exception {
        // 0xE7 alone is not UTF-8; in ISO-8859-1 it is 'ç'
        Files.write(dir.resolve("tags.dat"), new byte[] {'t', 'a', 'g', 'I', 'D', '\t', 'v', '\n',
                '1', '\t', 'f', 'r', 'a', 'n', (byte) 0xE7, 'a', 'i', 's', '\n'});
        Dataset data = reader.read(dir);
        assertThat(data.problemCount()).isZero();
        assertThat(data.tags()).containsExactly(new Tag(1, "français"));
    }

    @Test
    void readsALastFm1kFileGivenDirectly() throws Exception {
        Path file = dir.resolve("some-plays.tsv");
        Files.writeString(file, "user_000009\t2008-01-02T03:04:05Z\t\tボア\t\t曲\n");
        Dataset data = reader.read(file);
        assertThat(data.kind()).isEqualTo(DatasetKind.LASTFM_1K);
        assertThat(data.hasPlayFile()).isTrue();
        assertThat(data.plays()).extracting(PlayRow::artist, PlayRow::track).containsExactly(
                org.assertj.core.groups.Tuple.tuple("ボア", "曲"));
    }

    @Test
    void refusesADirectoryWithoutAnyDatasetFile() {
        assertThatThrownBy(() -> reader.read(dir)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has none of artists.dat");
        assertThatThrownBy(() -> reader.read(dir.resolve("missing"))).hasMessageContaining("does not exist");
    }

    @Test
    void readsTheRealHetRecCopy() throws Exception {
        Path hetrec = SharedData.hetrec();
        Dataset data = reader.read(hetrec);
        assertThat(data.kind()).isEqualTo(DatasetKind.HETREC);
        assertThat(data.artists()).hasSize(17_632);
        assertThat(data.tags()).hasSize(11_946);
        assertThat(data.userArtists()).hasSize(73_838);
        assertThat(data.friendships()).hasSize(16_922);
        // SOURCE.md: five rows have bogus years (1956, 1957, 1979); and 1,350 tag assignments name artist ids
        // that artists.dat does not have (the original release is like that): both reported and skipped
        assertThat(data.tagAssignments()).hasSize(156_281 - 5 - 1_350);
        assertThat(data.problemCount()).isEqualTo(5 + 1_350);
        assertThat(data.problemKinds()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "user_taggedartists.dat: artistID N is not in artists.dat", 1_350L,
                "user_taggedartists.dat: year N is before N (bogus date in the source), dropped", 5L));
        // only the first Problems.KEPT are kept in full; that window holds four of the bogus years
        assertThat(data.problems()).hasSize(Problems.KEPT);
        assertThat(data.problems()).filteredOn(p -> p.reason().contains("is before 2005"))
                .extracting(LineProblem::line).containsExactly(3423L, 10992L, 117415L, 117418L);
        assertThat(data.problems()).filteredOn(p -> p.reason().contains("is not in artists.dat"))
                .hasSize(Problems.KEPT - 4);
        assertThat(data.problems()).allSatisfy(p -> assertThat(p.file().getFileName().toString())
                .isEqualTo("user_taggedartists.dat"));
        assertThat(data.userArtists().stream().mapToLong(UserArtist::weight).sum()).isEqualTo(56_742_606L);
        // tags.dat is Latin-1: these only come out right when decoded as such
        assertThat(data.tags()).extracting(Tag::value).contains("tropicália", "rock français", "fußball");
        assertThat(data.artists()).extracting(Artist::name).contains("Sigur Rós");
    }

    @Test
    void readsAllRowsOfTheRealLastFm1kSample() throws Exception {
        Dataset data = reader.read(SharedData.lastfm1kSample());
        assertThat(data.problemCount()).isZero();
        assertThat(data.plays()).hasSize(5000);
        Map<String, Long> perUser = data.plays().stream()
                .collect(Collectors.groupingBy(PlayRow::userId, Collectors.counting()));
        assertThat(perUser).containsExactlyInAnyOrderEntriesOf(Map.of("user_000001", 4997L, "user_000002", 3L));
        List<PlayRow> first = data.plays().stream().filter(p -> p.userId().equals("user_000001")).toList();
        assertThat(first.get(0).playedAt()).isEqualTo(Instant.parse("2009-05-04T23:08:57Z"));
        assertThat(first.get(first.size() - 1).playedAt()).isEqualTo(Instant.parse("2008-12-08T06:13:34Z"));
        assertThat(data.plays().stream().map(PlayRow::artist).distinct().count()).isEqualTo(235);
        assertThat(data.plays().stream().filter(p -> p.artistMbid().isEmpty()).count()).isEqualTo(353);
        assertThat(data.plays().stream().filter(p -> p.trackMbid().isEmpty()).count()).isEqualTo(1396);
        // track names with non-ASCII text survive
        assertThat(data.plays()).anyMatch(p -> p.artist().equals("坂本龍一"));
    }
}
