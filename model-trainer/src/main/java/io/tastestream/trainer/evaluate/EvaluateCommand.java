package io.tastestream.trainer.evaluate;

import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.progress.Progress;
import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.progress.ConsoleProgress;
import io.tastestream.trainer.report.HtmlReport;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code evaluate --data DIR[,DIR…] [--eval-users-from DIR] --protocol random|time [--cutoff 2010-07-01]
 * [--models a,b,…] --out DIR}: splits the data, fits each model on the training part only, ranks for every evaluated
 * user, and writes metrics.json and report.html (with PNG charts) to --out.
 */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluates the recommender against baselines on HetRec-format data, offline: writes "
                + "metrics.json (recall@10/20/50, ndcg@10/20/50 per model) and report.html with charts.")
public final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    /** Taste settings (half-life, event weights, state bounds) as the taste job would use them. */
    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR",
            description = "HetRec-format dataset directory; several (comma-separated) are read as one.")
    List<Path> data;

    @Option(names = "--eval-users-from", paramLabel = "DIR",
            description = "Evaluate only users with rows in this directory's user_artists.dat or "
                    + "user_taggedartists.dat (default: all users).")
    Path evalUsersFrom;

    @Option(names = "--protocol", required = true, paramLabel = "random|time",
            description = "random: a fixed SHA-256 hash sends ~1 in 5 listening pairs to test; time: tag events "
                    + "before --cutoff train, artists first tagged on/after it are the test.")
    String protocol;

    @Option(names = "--cutoff", defaultValue = "2010-07-01", paramLabel = "YYYY-MM-DD",
            description = "The time protocol's cutoff date (default: ${DEFAULT-VALUE}).")
    String cutoff;

    @Option(names = "--models", split = ",", paramLabel = "NAME",
            description = "Models to evaluate, comma-separated (default: all: popularity, itemknn, "
                    + "tag-profile-cosine, ease, tastestream-linear, tastestream, tastestream-xgboost: the same "
                    + "training as tastestream, ranked by its XGBoost model whichever ranker was selected). "
                    + "Evaluate-only, by name: "
                    + "tastestream-offline-features (adds item-kNN over the whole history and friends, which "
                    + "serving cannot compute).")
    List<String> models;

    @Option(names = "--ease-lambda", defaultValue = "50", paramLabel = "λ",
            description = "EASE's L2 regularisation λ (default: ${DEFAULT-VALUE}).")
    double easeLambda;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Where metrics.json, report.html and the charts go (created if missing).")
    Path out;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Protocol p;
        LocalDate cut;
        try {
            p = Protocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--protocol: " + e.getMessage());
        }
        try {
            cut = LocalDate.parse(cutoff);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), "--cutoff: not a date (YYYY-MM-DD): '" + cutoff + "'");
        }
        List<String> names = models == null || models.isEmpty() ? Models.ALL
                : new ArrayList<>(new LinkedHashSet<>(models.stream().map(String::trim).toList()));
        for (String name : names) {
            if (!Models.ALL.contains(name) && !Models.EXTRA.contains(name)) {
                throw new ParameterException(spec.commandLine(), "--models: unknown model '" + name + "' (known: "
                        + String.join(", ", Models.ALL) + "; evaluate-only, not servable: "
                        + String.join(", ", Models.EXTRA) + ")");
            }
        }
        if (!(easeLambda > 0)) {
            throw new ParameterException(spec.commandLine(), "--ease-lambda must be positive, was " + easeLambda);
        }
        for (Path dir : data) {
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--data " + dir + ": no such directory");
            }
        }
        TasteSettings taste;
        try {
            taste = TasteSettings.from(config.load()); // before the data: a wrong setting fails at once
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Set<Integer> evalUsers;
        Dataset dataset;
        try {
            evalUsers = evalUsersFrom == null ? null : EvalUsers.read(evalUsersFrom);
            dataset = HetRecReader.read(data, Progress.NONE);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        Progress progress = System.console() != null ? new ConsoleProgress() : Progress.NONE;
        Split split = Splitter.split(dataset, p, cut, evalUsers);
        TrainingMatrix matrix = TrainingMatrix.of(split);
        stdout.printf(Locale.ROOT, "evaluate %s on %s: %d items, %d evaluated users%s%n", p.label(),
                dataset.describeSources(), split.itemCount(), split.users().size(),
                p == Protocol.TIME ? " (cutoff " + cut + ")" : "");
        stdout.flush();
        // the catalog version embeds its build time: a fixed clock keeps reruns identical
        Models.Options options = new Models.Options(easeLambda, taste,
                Clock.fixed(Instant.parse("2011-05-01T00:00:00Z"), ZoneOffset.UTC));
        List<Evaluator.Result> results = new ArrayList<>();
        for (String name : names) {
            long start = System.nanoTime();
            RankingModel model = Models.create(name, split, matrix, options);
            double fit = (System.nanoTime() - start) / 1e9;
            Evaluator.Result r = Evaluator.evaluate(split, model, fit, progress);
            results.add(r);
            stdout.printf(Locale.ROOT, "  %-20s %s  users %d  (fit %.1f s, rank %.1f s)%n", name,
                    HtmlReport.headline(r.metrics()), r.users(), r.fitSeconds(), r.rankSeconds());
            if (!r.selection().isEmpty()) {
                Map<String, Object> s = r.selection();
                Object boosted = s.get("xgboostBoostedFromBlend");
                stdout.printf(Locale.ROOT, "  %-20s ranker: %s selected%s (inner validation ndcg@10: xgboost%s %s, "
                                + "fitted blend %s, fixed blend %s; xgboost's per-user gain over the better blend %s ± %s "
                                + "s.e., %s users; margin %s)%n", "",
                        s.getOrDefault("selectedRanker", s.get("selected")),
                        s.containsKey("ranksWith")
                                ? ", this model ranks with " + s.get("ranksWith") + " regardless" : "",
                        boosted instanceof Number b && b.doubleValue() > 0
                                ? " (boosted from the fitted blend ×" + b + ")" : "",
                        s.get("validationNdcg@10Xgboost"),
                        s.get("validationNdcg@10Blend"), s.get("validationNdcg@10Linear"),
                        s.get("validationGainMean"), s.get("validationGainStdErr"), s.get("validationUsers"),
                        s.get("selectionMargin"));
            }
            stdout.flush();
        }
        Path metrics = MetricsFile.write(out, split, results);
        List<String> details = new ArrayList<>();
        details.add("data: " + dataset.describeSources() + " (" + dataset.users().size() + " users, "
                + dataset.userArtists().size() + " listening rows, " + dataset.tagAssignments().size()
                + " tag events from 2005 on)");
        details.add("protocol: " + p.label() + (p == Protocol.TIME ? ", cutoff " + cut
                : ", test pair iff SHA-256(\"user:artist\")[0..8] mod 5 == 0, users with ≥ 5 listening rows"));
        details.add("evaluated users: " + split.users().size() + (evalUsersFrom == null ? " (all with ≥ 1 training "
                + "and ≥ 1 test artist)" : " (from " + evalUsersFrom + ")"));
        details.add("ranked items: " + split.itemCount() + " artists, minus each user's training artists");
        details.add("training interactions: " + split.training().userArtists().size() + " user-artist pairs, "
                + split.training().tagAssignments().size() + " tag events");
        details.add("EASE λ = " + easeLambda + "; tastestream = core Recommender (wide generators, features serving "
                + "computes from taste and catalog), re-ranked by XGBoost rank:ndcg trained on an inner split of the "
                + "training data; tastestream-offline-features = the same plus item-kNN over the whole history and "
                + "friends (not servable); tastestream-linear = "
                + "the same candidates, linear blend; catalogs "
                + "built from training data only");
        Path report = HtmlReport.write(out, "tastestream evaluate: " + p.label(), details, results);
        stdout.printf(Locale.ROOT, "wrote %s and %s%n", metrics, report);
        stdout.flush();
        return 0;
    }
}
