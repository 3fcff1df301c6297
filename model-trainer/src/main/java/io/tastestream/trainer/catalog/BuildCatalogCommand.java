package io.tastestream.trainer.catalog;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogStore;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.dataset.LineIssue;
import io.tastestream.trainer.progress.ConsoleProgress;
import io.tastestream.core.progress.Progress;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code build-catalog --data DIR[,DIR...] --out DIR [--neighbours N]}. */
@Command(name = "build-catalog", mixinStandardHelpOptions = true,
        description = "Builds a catalog (artists, tags, listeners, co-listen neighbours, EASE weights) from HetRec "
                + "2011 Last.fm data and makes it the current catalog under --out.")
public final class BuildCatalogCommand implements Callable<Integer> {
    /** Bad lines printed in full; the rest are counted. */
    static final int ISSUES_SHOWN = 10;
    /**
     * From this much input (the real HetRec copy is ~6 MB) the build takes long enough to deserve bars even when
     * there is no terminal, e.g. under the demo script.
     */
    static final long LARGE_DATASET_BYTES = 1_000_000;

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR",
            description = "HetRec-format dataset directory; several (comma-separated) are read as one.")
    List<Path> data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Catalog root: the new version is written in a subdirectory and CURRENT points to it.")
    Path out;

    @Option(names = "--neighbours", defaultValue = "" + CatalogBuilder.DEFAULT_NEIGHBOURS, paramLabel = "N",
            description = "Co-listen neighbours kept per artist (default: ${DEFAULT-VALUE}).")
    int neighbours;

    @Option(names = "--ease-weights", defaultValue = "" + CatalogBuilder.DEFAULT_EASE_WEIGHTS, paramLabel = "K",
            description = "Largest EASE item-item weights kept per artist; 0 fits no EASE model "
                    + "(default: ${DEFAULT-VALUE}).")
    int easeWeights;

    @Option(names = "--ease-negative-weights", defaultValue = "" + CatalogBuilder.DEFAULT_EASE_NEGATIVE_WEIGHTS,
            paramLabel = "K", description = "Most negative EASE weights kept per artist as well: scores closer to "
                    + "the full model's (default: ${DEFAULT-VALUE}).")
    int easeNegativeWeights;

    @Option(names = "--ease-lambda", defaultValue = "" + CatalogBuilder.DEFAULT_EASE_LAMBDA, paramLabel = "λ",
            description = "EASE's L2 regularisation λ (default: ${DEFAULT-VALUE}; the ease baseline of evaluate "
                    + "keeps its own).")
    double easeLambda;

    @Option(names = "--ease-dropout", defaultValue = "" + CatalogBuilder.DEFAULT_EASE_DROPOUT, paramLabel = "P",
            description = "EDLAE's dropout probability: each artist's penalty is λ + P/(1−P)·(its listeners) "
                    + "(default: ${DEFAULT-VALUE}; 0: plain EASE).")
    double easeDropout;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        if (neighbours < 0) {
            throw new ParameterException(spec.commandLine(), "--neighbours must not be negative, was " + neighbours);
        }
        if (easeWeights < 0) {
            throw new ParameterException(spec.commandLine(), "--ease-weights must not be negative, was " + easeWeights);
        }
        if (easeNegativeWeights < 0) {
            throw new ParameterException(spec.commandLine(), "--ease-negative-weights must not be negative, was "
                    + easeNegativeWeights);
        }
        if (!(easeLambda > 0)) {
            throw new ParameterException(spec.commandLine(), "--ease-lambda must be positive, was " + easeLambda);
        }
        if (!(easeDropout >= 0 && easeDropout < 1)) {
            throw new ParameterException(spec.commandLine(), "--ease-dropout must be in [0, 1), was " + easeDropout);
        }
        for (Path dir : data) {
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--data " + dir + ": no such directory");
            }
        }
        long start = System.nanoTime();
        Progress progress = System.console() != null || looksLarge(data) ? new ConsoleProgress() : Progress.NONE;
        Dataset dataset;
        try {
            dataset = HetRecReader.read(data, progress);
        } catch (IllegalArgumentException e) {
            // a directory that is not a dataset is a wrong --data, not a crash: message and usage, no stack trace
            throw new ParameterException(spec.commandLine(), "--data: " + e.getMessage(), e);
        }
        long read = System.nanoTime();
        report(err, "malformed lines skipped", dataset.malformed());
        report(err, "tag assignments dropped", dataset.dropped());

        Catalog catalog = CatalogBuilder.build(dataset, neighbours, easeWeights, easeNegativeWeights, easeLambda,
                easeDropout, Clock.systemUTC(), progress);
        long built = System.nanoTime();
        Path written = CatalogStore.write(catalog, this.out);
        long end = System.nanoTime();

        out.printf(Locale.ROOT, "catalog %s%n", catalog.version());
        out.printf(Locale.ROOT, "  from        %s (%d users, %d listening rows, %d tag assignments)%n",
                dataset.describeSources(), dataset.users().size(), dataset.userArtists().size(),
                dataset.tagAssignments().size());
        out.printf(Locale.ROOT, "  artists     %d%n", catalog.manifest().artists());
        out.printf(Locale.ROOT, "  neighbours  %d pairs (up to %d per artist)%n", catalog.manifest().neighbourPairs(),
                neighbours);
        out.printf(Locale.ROOT, "  ease        %d weights of %d artists (up to %d largest and %d most negative per "
                        + "artist, λ = %s, dropout %s)%n", catalog.manifest().easeWeights(), catalog.allEase().size(),
                easeWeights, easeNegativeWeights, easeLambda, easeDropout);
        out.printf(Locale.ROOT, "  bad lines   %d malformed, %d dropped%n", dataset.malformed().size(),
                dataset.dropped().size());
        out.printf(Locale.ROOT, "  took        %.1f s (read %.1f s, build %.1f s, write %.1f s)%n",
                (end - start) / 1e9, (read - start) / 1e9, (built - read) / 1e9, (end - built) / 1e9);
        out.printf(Locale.ROOT, "  written to  %s (now CURRENT in %s)%n", written, this.out);
        out.flush();
        return 0;
    }

    /** Java cannot tell whether stderr alone is a terminal; System.console() covers the interactive case. */
    private static boolean looksLarge(List<Path> dirs) throws IOException {
        long bytes = 0;
        for (Path dir : dirs) {
            Path listening = dir.resolve(HetRecReader.USER_ARTISTS);
            Path tagging = dir.resolve(HetRecReader.USER_TAGGED_ARTISTS);
            bytes += (Files.isRegularFile(listening) ? Files.size(listening) : 0)
                    + (Files.isRegularFile(tagging) ? Files.size(tagging) : 0);
        }
        return bytes >= LARGE_DATASET_BYTES;
    }

    private static void report(PrintWriter err, String what, List<LineIssue> issues) {
        if (issues.isEmpty()) {
            return;
        }
        err.printf(Locale.ROOT, "%d %s:%n", issues.size(), what);
        issues.stream().limit(ISSUES_SHOWN).forEach(issue -> err.println("  " + issue));
        if (issues.size() > ISSUES_SHOWN) {
            err.printf(Locale.ROOT, "  ... and %d more%n", issues.size() - ISSUES_SHOWN);
        }
        err.flush();
    }
}
