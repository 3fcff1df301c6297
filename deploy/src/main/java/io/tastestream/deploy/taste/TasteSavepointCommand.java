package io.tastestream.deploy.taste;

import io.tastestream.deploy.demo.DemoSteps;
import io.tastestream.deploy.process.ModuleMainLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code tastestream taste-savepoint}: stop the running taste job with a savepoint (or take one and keep going). */
@Command(name = "taste-savepoint",
        description = {"Stop the running taste job with a savepoint through the Flink REST API and print how to "
                + "resume (taste-job --from-savepoint PATH). Options are the command's own: --config FILE, "
                + "--keep-running, --dir DIR; see taste-savepoint --help."})
public final class TasteSavepointCommand implements Callable<Integer> {
    static final String MAIN = "io.tastestream.taste.savepoint.TasteSavepointCommand";

    @Unmatched
    List<String> args = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return ModuleMainLauncher.run(DemoSteps.TASTE_JOB_MODULE, MAIN, args);
    }
}
