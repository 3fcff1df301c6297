package io.tastestream.ingest.synthetic;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tastestream generate-synthetic --out DIR}: writes a synthetic dataset directory. */
@Command(name = "generate-synthetic", mixinStandardHelpOptions = true,
        description = "Write a deterministic, clearly labelled SYNTHETIC listening dataset (HetRec 2011 files plus "
                + "plays.tsv in the Last.fm-1K format) for demos and tests.")
public final class GenerateSyntheticCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Directory to write (created).")
    Path out;

    @Option(names = "--users", paramLabel = "N", defaultValue = "" + SyntheticSettings.DEFAULT_USERS,
            description = "Number of synthetic listeners (default: ${DEFAULT-VALUE}).")
    int users;

    @Option(names = "--seed", paramLabel = "S", defaultValue = "" + SyntheticSettings.DEFAULT_SEED,
            description = "Random seed; the same seed gives identical files (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--plays-per-user", paramLabel = "N", defaultValue = "" + SyntheticSettings.DEFAULT_PLAYS_PER_USER,
            description = "Plays per listener (default: ${DEFAULT-VALUE}).")
    int playsPerUser;

    @Option(names = "--artists", paramLabel = "N", defaultValue = "" + SyntheticSettings.DEFAULT_ARTISTS,
            description = "Catalog size (default: ${DEFAULT-VALUE}).")
    int artists;

    @Option(names = "--ends-at", paramLabel = "INSTANT",
            description = "When the plays end, e.g. 2026-11-25T00:00:00Z (default: an instant in 2025 derived from "
                    + "the seed). Same seed and end give identical files.")
    Instant endsAt;

    @Override
    public Integer call() throws Exception {
        SyntheticSettings settings = new SyntheticSettings(users, seed, playsPerUser, artists,
                SyntheticSettings.DEFAULT_DAYS);
        SyntheticDataset data = endsAt == null ? SyntheticGenerator.generate(settings)
                : SyntheticGenerator.generate(settings, endsAt);
        SyntheticDatasetWriter.write(data, out);
        PrintWriter w = spec != null ? spec.commandLine().getOut() : new PrintWriter(System.out, true);
        w.println(summary(data, out));
        w.flush();
        return 0;
    }

    public static String summary(SyntheticDataset data, Path out) {
        DateTimeFormatter f = DateTimeFormatter.ISO_INSTANT.withZone(ZoneOffset.UTC);
        SyntheticSettings s = data.settings();
        return "SYNTHETIC dataset written to " + out.toAbsolutePath() + " (seed " + s.seed() + ")\n"
                + "  listeners: " + data.users().size() + " (" + data.users().get(0).userId() + " .. "
                + data.users().get(data.users().size() - 1).userId() + ")\n"
                + "  artists:   " + data.artists().size() + " in " + data.tags().stream().filter(
                        t -> data.artists().stream().anyMatch(a -> a.genre().equals(t))).count() + " genres, "
                + data.tags().size() + " tags\n"
                + "  plays:     " + data.plays().size() + " from " + f.format(data.windowStart()) + " to "
                + f.format(data.reference()) + "\n"
                + "  tag assignments: " + data.tagAssignments().size() + ", friendships: "
                + data.friendships().size();
    }
}
