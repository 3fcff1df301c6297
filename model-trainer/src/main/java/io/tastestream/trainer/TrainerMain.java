package io.tastestream.trainer;

import io.tastestream.trainer.catalog.BuildCatalogCommand;
import io.tastestream.trainer.evaluate.EvaluateCommand;
import io.tastestream.trainer.ranker.TrainCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** model-trainer's commands on their own, without the deploy CLI (which registers the same classes). */
@Command(name = "model-trainer", mixinStandardHelpOptions = true,
        subcommands = {BuildCatalogCommand.class, EvaluateCommand.class, TrainCommand.class})
public final class TrainerMain {
    public static void main(String[] args) {
        System.exit(new CommandLine(new TrainerMain()).execute(args));
    }
}
