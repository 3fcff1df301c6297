package io.tastestream.deploy.demo;

import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.deploy.broker.LocalKafka;
import io.tastestream.deploy.process.ChildProcess;
import io.tastestream.deploy.process.LocalStack;
import io.tastestream.deploy.process.ModuleClasspath;
import io.tastestream.deploy.process.Readiness;
import io.tastestream.deploy.topics.TopicSetup;
import java.io.BufferedReader;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tastestream demo}: the whole pipeline on this machine with one command — broker, topics, dataset,
 * catalog, the Flink taste job and the serving app in their own JVMs, then a replay of the listening history —
 * and a banner saying where to look. Ctrl-C stops everything.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Run the whole local stack: Kafka, topics, a dataset (synthetic unless --data), the catalog, "
                + "the Flink taste job, the serving app, and a replay of the plays. Ctrl-C stops everything.",
                "Ports: --bootstrap localhost:PORT (Kafka, default 9092), --set serving.port=N (8088), "
                        + "--set flink.dashboard.port=N (8081)."})
public final class DemoCommand implements Callable<Integer> {

    private static final int STEPS = 8;

    @Mixin
    ConfigOptions config;

    @Option(names = "--data", paramLabel = "DIR",
            description = "A HetRec 2011 Last.fm dataset directory to use instead of generating a synthetic one.")
    Path data;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = "tastestream-data",
            description = "Where the demo keeps everything: broker logs, dataset, catalog, state, process logs "
                    + "(default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--users", description = "Users in the synthetic dataset (ingest's default if not given).")
    Integer users;

    @Option(names = "--seed", description = "Random seed of the synthetic dataset (ingest's default if not given).")
    Long seed;

    @Option(names = "--rate", paramLabel = "EVENTS_PER_S",
            description = "Replay speed in events per second (replay's default if not given).")
    Double rate;

    @Option(names = "--no-simulated-sources",
            description = "Do not run the simulated Spotify listeners and the Spotify and Last.fm pollers against "
                    + "local fake APIs (they run by default, with no credentials and nothing leaving this machine).")
    boolean noSimulatedSources;

    @Option(names = "--startup-timeout", paramLabel = "SECONDS", defaultValue = "180",
            description = "How long the Flink job and the serving app may take to come up (default: ${DEFAULT-VALUE}).")
    int startupTimeoutSeconds;

    private int step;
    private int steps = STEPS;

    @Override
    public Integer call() throws Exception {
        TastestreamConfig settings = config.load();
        Path dir = dataDir.toAbsolutePath().normalize();
        int kafkaPort = localPort(settings.get(TastestreamConfig.KAFKA_BOOTSTRAP));
        Path home = ModuleClasspath.home();
        Duration startupTimeout = Duration.ofSeconds(startupTimeoutSeconds);

        // Children run with their own working directory semantics: give them absolute paths.
        String catalogSetting = settings.get(TastestreamConfig.CATALOG_DIR);
        Path catalogDir = catalogSetting.equals(TastestreamConfig.DEFAULTS.get(TastestreamConfig.CATALOG_DIR))
                ? dir.resolve("catalog") : Path.of(catalogSetting).toAbsolutePath().normalize();
        settings = settings.with(TastestreamConfig.DATA_DIR, dir.toString())
                .with(TastestreamConfig.CATALOG_DIR, catalogDir.toString());

        steps = noSimulatedSources ? STEPS : STEPS + 1;
        LocalStack stack = new LocalStack(home, dir, ChildProcess.DEFAULT_GRACE);
        try {
            step("Starting Kafka on localhost:" + kafkaPort);
            LocalKafka kafka = stack.register(LocalKafka.start(dir.resolve("kafka"), kafkaPort));
            settings = settings.with(TastestreamConfig.KAFKA_BOOTSTRAP, kafka.bootstrapServers());
            detail("bootstrap servers " + kafka.bootstrapServers());

            step("Creating topics");
            try (Admin admin = kafka.admin()) {
                new TopicSetup(admin, (short) 1).createAll().forEach(r -> detail(r.toString()));
            }

            Path dataset;
            if (data != null) {
                dataset = data.toAbsolutePath().normalize();
                step("Using dataset " + dataset);
                if (!Files.isRegularFile(dataset.resolve("user_artists.dat"))) {
                    throw new IllegalArgumentException("--data " + dataset + " is not a HetRec dataset directory "
                            + "(no user_artists.dat)");
                }
            } else {
                dataset = dir.resolve("synthetic");
                step("Generating a synthetic dataset in " + dataset);
                // the listening ends today, so a like given on the page now meets a fresh history
                DemoSteps.generateSynthetic(dataset, Instant.now().truncatedTo(ChronoUnit.DAYS), users, seed);
            }

            step("Building the catalog in " + catalogDir);
            DemoSteps.buildCatalog(dataset, catalogDir);

            Path configFile = dir.resolve("tastestream.properties");
            step("Writing the effective settings to " + configFile);
            settings.store(configFile);
            List<String> childArgs = List.of("--config", configFile.toString());

            int flinkPort = settings.getInt(TastestreamConfig.FLINK_DASHBOARD_PORT);
            step("Starting the Flink taste job (waiting for its dashboard on port " + flinkPort + ")");
            ChildProcess job = stack.startModule("taste-job", DemoSteps.TASTE_JOB_MODULE, DemoSteps.TASTE_JOB_MAIN,
                    childArgs, Readiness.httpOk(URI.create("http://localhost:" + flinkPort + "/overview")),
                    startupTimeout);
            detail("pid " + job.pid() + ", log " + job.logFile());

            int servingPort = settings.getInt(TastestreamConfig.SERVING_PORT);
            step("Starting the serving app (waiting for http://localhost:" + servingPort + "/health)");
            ChildProcess serving = stack.startModule("serving", DemoSteps.SERVING_MODULE, DemoSteps.SERVING_MAIN,
                    childArgs, Readiness.httpOk(URI.create("http://localhost:" + servingPort + "/health")),
                    startupTimeout);
            detail("pid " + serving.pid() + ", log " + serving.logFile());

            step("Replaying the plays of " + dataset + " into '" + Topics.PLAYS.name() + "' (in the background)");
            Thread replay = new Thread(() -> {
                try {
                    DemoSteps.replay(dataset, rate, configFile);
                    System.out.println("[demo] replay finished.");
                } catch (RuntimeException e) {
                    System.err.println("[demo] replay failed: " + e.getMessage());
                }
            }, "demo-replay");
            replay.setDaemon(true);
            replay.start();

            String simulated = "";
            if (!noSimulatedSources) {
                step("Starting simulated sources: fake Spotify listeners and fake Last.fm, polled by 'spotify poll' "
                        + "and 'tags' (in the background)");
                SimulatedSources.Options options = SimulatedSources.Options.demo();
                SimulatedSources sources = stack.register(
                        SimulatedSources.startFakes(dir.resolve("simulated"), options));
                startInBackground(sources, dataset, configFile, stack);
                simulated = simulatedBanner(sources, options, stack.logDir());
            }

            System.out.println(banner(home, settings, kafka.bootstrapServers(), sampleUser(dataset), configFile,
                    stack) + simulated);
        } catch (Exception | Error e) {
            System.err.println("demo failed: " + e.getMessage());
            stack.close();
            return 1;
        }
        // Everything runs in other threads and JVMs now; the shutdown hook of the stack stops them on Ctrl-C.
        new CountDownLatch(1).await();
        return 0;
    }

    private void step(String what) {
        step++;
        System.out.println("[" + step + "/" + steps + "] " + what);
    }

    /**
     * Reading the dataset and signing the listeners in takes seconds (more for HetRec); the pollers are extras, so
     * the demo does not wait for them. A failure here leaves the rest of the demo running.
     */
    private static void startInBackground(SimulatedSources sources, Path dataset, Path configFile, LocalStack stack) {
        Thread starter = new Thread(() -> {
            try {
                SimulatedSources.Started started = sources.start(dataset, configFile, stack);
                System.out.println("[demo] simulated sources: " + String.join(", ", started.users())
                        + " signed in on the fake Spotify and listening; 'spotify poll' (pid " + started.poller().pid()
                        + ") and 'tags' (pid " + started.tags().pid() + ") running.");
            } catch (Exception e) {
                System.err.println("[demo] simulated sources failed to start (the rest of the demo goes on): "
                        + e.getMessage());
            }
        }, "demo-simulated-sources");
        starter.setDaemon(true);
        starter.start();
    }

    static String simulatedBanner(SimulatedSources sources, SimulatedSources.Options options, Path logDir) {
        return String.format("""
                  SIMULATED sources (fake APIs on this machine, no credentials, nothing real is contacted):
                    The first %1$d listeners of the dataset "listen" on a FAKE Spotify (%2$s), one of their
                    tracks every %3$d s; the real 'spotify poll' polls them every %4$d s into '%5$s' (source spotify).
                    The real 'tags' poller asks a FAKE Last.fm (%6$s) for the tags of every artist in '%5$s'
                    and publishes them to '%7$s' (source lastfm).
                    Logs: %8$s, %9$s
                    (--no-simulated-sources turns this off)
                ----------------------------------------------------------------------------------
                """, options.listeners(), sources.spotifyUrl(), options.listenEvery().toSeconds(),
                options.pollInterval().toSeconds(), Topics.PLAYS.name(), sources.lastfmUrl(), Topics.ITEM_TAGS.name(),
                logDir.resolve(SimulatedSources.POLLER_PROCESS + ".log"),
                logDir.resolve(SimulatedSources.TAGS_PROCESS + ".log"));
    }

    private static void detail(String what) {
        System.out.println("      " + what);
    }

    /** The port of a localhost bootstrap address; the demo runs its own broker, so it must be local. */
    static int localPort(String bootstrap) {
        String first = bootstrap.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        String host = colon < 0 ? "" : first.substring(0, colon);
        if (!host.equals("localhost") && !host.equals("127.0.0.1")) {
            throw new IllegalArgumentException("the demo runs its own Kafka on this machine; give --bootstrap "
                    + "localhost:PORT, not '" + bootstrap + "'");
        }
        try {
            return Integer.parseInt(first.substring(colon + 1));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad Kafka port in '" + bootstrap + "'");
        }
    }

    /**
     * The first user of the dataset, so the banner can show a URL that answers. Replay keys plays by the user of
     * plays.tsv when the dataset has one (synthetic: "synthetic-01"), else by HetRec's numeric userID.
     */
    static Optional<String> sampleUser(Path dataset) {
        Path plays = dataset.resolve("plays.tsv");
        if (Files.isRegularFile(plays)) {
            return firstField(plays, false);
        }
        return firstField(dataset.resolve("user_artists.dat"), true);
    }

    private static Optional<String> firstField(Path file, boolean hasHeader) {
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            if (hasHeader) {
                reader.readLine();
            }
            String line = reader.readLine();
            return line == null || line.isBlank() ? Optional.empty() : Optional.of(line.split("\t")[0].trim());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    static String banner(Path home, TastestreamConfig settings, String bootstrap, Optional<String> sampleUser,
                         Path configFile, LocalStack stack) {
        int servingPort = settings.getInt(TastestreamConfig.SERVING_PORT);
        int flinkPort = settings.getInt(TastestreamConfig.FLINK_DASHBOARD_PORT);
        String user = sampleUser.orElse("<user id>");
        Path cwd = Path.of("").toAbsolutePath();
        String launcher = cwd.equals(home) ? "./tastestream" : home.resolve("tastestream").toString();
        String topics = Topics.all().stream().map(Topic::name).collect(Collectors.joining(", "));
        String logs = stack.processes().stream().map(p -> String.format("%n    %-10s %s", p.name(), p.logFile()))
                .collect(Collectors.joining());
        return String.format("""

                ==================================================================================
                 tastestream is running
                ==================================================================================
                  Web page:           http://localhost:%1$d/
                  Recommendations:    http://localhost:%1$d/users/%2$s/recommendations   (sample user %2$s)
                  Flink dashboard:    http://localhost:%3$d/
                  Kafka:              %4$s
                  Topics:             %5$s
                  Watch the output:   %6$s watch --topic %7$s --bootstrap %4$s
                     (with a Kafka install: kafka-console-consumer.sh --bootstrap-server %4$s --topic %7$s \\
                        --from-beginning --formatter-property print.key=true)
                  Config:             %8$s
                  Logs:%9$s
                ----------------------------------------------------------------------------------
                  Ctrl-C stops everything.
                """, servingPort, user, flinkPort, bootstrap, topics, launcher, Topics.RECOMMENDATIONS.name(),
                configFile, logs);
    }
}
