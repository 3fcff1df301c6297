package io.tastestream.serving;

import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.serving.recommend.SwappableRecommender;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/**
 * The serving process: taste snapshots to explained recommendations, the REST API and the page. Runs until SIGTERM
 * (or Ctrl-C), then closes the HTTP server, the streams application and the producer in that order.
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Turn taste snapshots into explained recommendations and serve them over HTTP "
                + "(REST API, Prometheus metrics and a like/skip page).")
public final class ServingMain implements Callable<Integer> {
    private static final Logger LOG = LoggerFactory.getLogger(ServingMain.class);

    @Mixin
    ConfigOptions configOptions;

    public static void main(String[] args) {
        System.exit(new CommandLine(new ServingMain()).execute(args));
    }

    @Override
    public Integer call() throws Exception {
        TastestreamConfig config = configOptions.load();
        LOG.info("settings:\n{}", config.describe());
        SwappableRecommender recommender;
        try {
            recommender = SwappableRecommender.load(config.getPath(TastestreamConfig.CATALOG_DIR),
                    config.getPath(TastestreamConfig.RANKER_DIR), config.getInt(TastestreamConfig.RECOMMENDATIONS_SIZE));
        } catch (IllegalArgumentException | java.io.IOException e) {
            System.err.println("cannot load the catalog: " + e.getMessage());
            return 2;
        }
        ServingApp app = ServingApp.start(config, recommender);
        Thread shutdown = new Thread(app::close, "serving-shutdown");
        Runtime.getRuntime().addShutdownHook(shutdown);
        app.awaitStop();
        if (app.failed()) {
            LOG.error("streams application failed; exiting");
            return 1;
        }
        return 0;
    }
}
