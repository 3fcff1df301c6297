package io.tastestream.trainer.ranker;

import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.progress.Progress;
import io.tastestream.core.ranker.RankerArtifact;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.trainer.evaluate.Protocol;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.Splitter;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * {@code train --data DIR[,DIR…] --out DIR [--protocol random|time] [--cutoff YYYY-MM-DD]}: trains the XGBoost
 * re-ranker on ALL of the data (no evaluation users are held out: this is the model to deploy; {@code evaluate}
 * trains its own on its training split) and writes a new version under --out (see {@link RankerArtifact}). The model
 * reads only features serving computes from a taste snapshot and the catalog ({@link FeatureSet#SERVING}), so a
 * running serving with {@code ranker.dir} = --out picks it up on its next poll.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Trains the XGBoost learning-to-rank re-ranker on HetRec-format data and writes a versioned "
                + "artifact (model, feature schema, manifest, training metrics) under --out; serving with "
                + "ranker.dir=--out picks it up without a restart.")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, split = ",", paramLabel = "DIR",
            description = "HetRec-format dataset directory; several (comma-separated) are read as one.")
    List<Path> data;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Artifact root: the model goes to DIR/<version>/ and DIR/CURRENT names it.")
    Path out;

    @Option(names = "--protocol", defaultValue = "random", paramLabel = "random|time",
            description = "How history becomes taste: random = listening counts as plays (default); time = dated "
                    + "tag events before --cutoff, labels from the months before it.")
    String protocol;

    @Option(names = "--cutoff", defaultValue = "2010-07-01", paramLabel = "YYYY-MM-DD",
            description = "With --protocol time: events before it are used (default: ${DEFAULT-VALUE}).")
    String cutoff;

    @Option(names = "--max-rounds", defaultValue = "400", description = "Boosting rounds at most (default: ${DEFAULT-VALUE}); early stopping usually ends sooner.")
    int maxRounds;

    @Option(names = "--selection-margin", defaultValue = "0.02", paramLabel = "FRACTION",
            description = "The XGBoost model is kept only if its validation ndcg@10 beats the linear blend's over the "
                    + "same candidates by this fraction; else the artifact is the linear blend (default: "
                    + "${DEFAULT-VALUE}; negative: always XGBoost).")
    double selectionMargin;

    @Option(names = "--boost-from-blend", defaultValue = "" + RankerTrainer.Params.DEFAULT_BLEND_BASE,
            paramLabel = "SCALE",
            description = "XGBoost's trees correct the fitted blend's score times this, which is every candidate's "
                    + "starting margin (default: ${DEFAULT-VALUE}; 0: the trees rank from nothing).")
    double blendBase;

    @Option(names = "--seed", defaultValue = "42", description = "XGBoost's seed (default: ${DEFAULT-VALUE}).")
    int seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        Protocol p;
        try {
            p = Protocol.parse(protocol);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "--protocol: " + e.getMessage());
        }
        for (Path dir : data) {
            if (!Files.isDirectory(dir)) {
                throw new ParameterException(spec.commandLine(), "--data " + dir + ": no such directory");
            }
        }
        if (!(blendBase >= 0) || Double.isInfinite(blendBase)) {
            throw new ParameterException(spec.commandLine(), "--boost-from-blend must be 0 or more, was " + blendBase);
        }
        if (maxRounds < 1) {
            throw new ParameterException(spec.commandLine(), "--max-rounds must be at least 1, was " + maxRounds);
        }
        Dataset dataset;
        try {
            dataset = HetRecReader.read(data, Progress.NONE);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        // no evaluated users: every interaction is training data
        Split all = Splitter.split(dataset, p, LocalDate.parse(cutoff), Set.of());
        RankerTrainer.Params d = RankerTrainer.Params.defaults();
        RankerTrainer.Params params = new RankerTrainer.Params(maxRounds, d.earlyStopping(), d.eta(), d.maxDepth(),
                d.minChildWeight(), d.subsample(), d.colsample(), seed, d.threads(), d.lambda(), selectionMargin,
                blendBase);
        RankerTrainer.Trained trained = RankerTrainer.train(all, TasteSettings.defaults(), Clock.systemUTC(), params);
        Path dir = RankerArtifact.write(out, trained.selected(), trained.metrics());
        stdout.printf(Locale.ROOT, "trained ranker %s on %s: best iteration %s; validation ndcg@10 xgboost %s, "
                        + "fitted blend %s, fixed blend %s: %s selected; wrote %s%n",
                trained.selected().version(), dataset.describeSources(), trained.metrics().get("bestIteration"),
                trained.metrics().get("validationNdcg@10Xgboost"), trained.metrics().get("validationNdcg@10Blend"),
                trained.metrics().get("validationNdcg@10Linear"),
                trained.metrics().getOrDefault("selectedRanker", trained.metrics().get("selected")), dir);
        stdout.flush();
        return 0;
    }
}
