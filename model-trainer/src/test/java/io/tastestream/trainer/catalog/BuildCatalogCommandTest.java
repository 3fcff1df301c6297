package io.tastestream.trainer.catalog;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.dataset.HetRecFiles;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class BuildCatalogCommandTest {
    @TempDir
    Path tmp;

    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    int run(String... args) {
        return new CommandLine(new BuildCatalogCommand()).setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute(args);
    }

    @Test
    void buildsWritesAndReports() throws Exception {
        Path a = new HetRecFiles(tmp.resolve("a")).artists("1\tA\t\t", "2\tB\t\t", "3\tC\t\t").tags("1\trock")
                .userArtists("1\t1\t5", "1\t2\t5", "2\t1\t5", "2\t2\t5", "2\t3\tlots")
                .tagged("1\t1\t1\t1\t1\t1957").dir();
        Path b = new HetRecFiles(tmp.resolve("b")).artists("3\tC\t\t").userArtists("3\t3\t5", "3\t1\t5").dir();
        Path root = tmp.resolve("out");

        int exit = run("--data", a + "," + b, "--out", root.toString(), "--neighbours", "5");

        assertThat(exit).as(err.toString()).isZero();
        Catalog catalog = CatalogStore.read(root);
        assertThat(catalog.artists()).hasSize(3);
        assertThat(catalog.manifest().source()).isEqualTo(a + "," + b);
        assertThat(out.toString()).contains("catalog " + catalog.version(), "artists     3",
                "neighbours  " + catalog.manifest().neighbourPairs() + " pairs", root.resolve(catalog.version())
                        .toString(), "1 malformed, 1 dropped");
        // A (users 1, 2, 3) and B (users 1, 2) have two listeners or more: both get an EASE row
        assertThat(catalog.allEase()).containsOnlyKeys("a", "b");
        assertThat(out.toString()).contains("ease        " + catalog.manifest().easeWeights() + " weights of 2 artists");
        assertThat(root.resolve(catalog.version()).resolve("ease.jsonl")).exists();
        assertThat(err.toString()).contains("1 malformed lines skipped",
                a.resolve("user_artists.dat") + ":6: weight is not an integer: 'lots'",
                a.resolve("user_taggedartists.dat") + ":2: year 1957 is before 2005");
    }

    @Test
    void easeCanBeLeftOutAndABadLambdaIsAUsageError() throws Exception {
        Path a = new HetRecFiles(tmp.resolve("a")).artists("1\tA\t\t", "2\tB\t\t")
                .userArtists("1\t1\t5", "1\t2\t5", "2\t1\t5", "2\t2\t5").dir();

        assertThat(run("--data", a.toString(), "--out", tmp.resolve("none").toString(), "--ease-weights", "0"))
                .as(err.toString()).isZero();
        assertThat(CatalogStore.read(tmp.resolve("none")).hasEase()).isFalse();
        assertThat(run("--data", a.toString(), "--out", tmp.resolve("bad").toString(), "--ease-lambda", "0"))
                .isEqualTo(2);
        assertThat(err.toString()).contains("--ease-lambda must be positive");
    }

    @Test
    void missingDataDirectoryIsAUsageError() {
        int exit = run("--data", tmp.resolve("nope").toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--data " + tmp.resolve("nope") + ": no such directory");
    }

    @Test
    void notADatasetNamesTheMissingFile() {
        Path empty = new HetRecFiles(tmp.resolve("empty")).dir();

        int exit = run("--data", empty.toString(), "--out", tmp.resolve("out").toString());

        assertThat(exit).isEqualTo(2);
        assertThat(err.toString()).contains("--data: " + empty + " is not a HetRec Last.fm dataset: artists.dat is "
                + "missing").doesNotContain("\tat io.tastestream");
    }
}
