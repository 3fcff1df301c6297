package io.tastestream.deploy.taste;

import io.tastestream.deploy.demo.DemoSteps;
import io.tastestream.deploy.process.ModuleMainLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/** {@code tastestream taste-job}: the Flink taste job in the foreground, e.g. to resume it from a savepoint. */
@Command(name = "taste-job",
        description = {"Run the Flink taste job in the foreground, in its own JVM. Options are the job's own:",
                "  --config FILE, --set k=v, --bootstrap HOST:PORT, --from-savepoint PATH, --fresh, --dedup-ttl",
                "e.g. taste-job --config tastestream-data/tastestream.properties --from-savepoint PATH"})
public final class TasteJobCommand implements Callable<Integer> {

    @Unmatched
    List<String> jobArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return ModuleMainLauncher.run(DemoSteps.TASTE_JOB_MODULE, DemoSteps.TASTE_JOB_MAIN, jobArgs);
    }
}
