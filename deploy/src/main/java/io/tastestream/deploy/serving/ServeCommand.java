package io.tastestream.deploy.serving;

import io.tastestream.deploy.demo.DemoSteps;
import io.tastestream.deploy.process.ModuleMainLauncher;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code tastestream serve}: the serving process (Kafka Streams topology, REST API, like/skip page) in the
 * foreground, in its own JVM with the serving module's classpath, as the demo runs it, for a stack run piece by
 * piece (or one container per stage).
 */
@Command(name = "serve",
        description = {"Run serving in the foreground, in its own JVM: taste snapshots -> explained recommendations "
                + "on the recommendations topic, the REST API, Prometheus metrics and the like/skip page.",
                "Options are serving's own: --config FILE, --set k=v, --bootstrap HOST:PORT (see serve --help)."})
public final class ServeCommand implements Callable<Integer> {

    @Unmatched
    List<String> servingArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        return ModuleMainLauncher.run(DemoSteps.SERVING_MODULE, DemoSteps.SERVING_MAIN, servingArgs);
    }
}
