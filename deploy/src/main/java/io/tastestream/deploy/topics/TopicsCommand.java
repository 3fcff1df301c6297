package io.tastestream.deploy.topics;

import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code tastestream topics}: creates the pipeline's topics on a running Kafka. */
@Command(name = "topics", mixinStandardHelpOptions = true,
        description = "Create tastestream's Kafka topics (partitions, cleanup policy) if missing. Safe to re-run.")
public final class TopicsCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--replication-factor", defaultValue = "1",
            description = "Replicas per partition for new topics (default: ${DEFAULT-VALUE}; 1 for a single broker).")
    short replicationFactor;

    @Override
    public Integer call() throws Exception {
        TastestreamConfig settings = config.load();
        String bootstrap = settings.get(TastestreamConfig.KAFKA_BOOTSTRAP);
        System.out.println("Creating topics on " + bootstrap);
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
                // Fail with a message instead of retrying for minutes when nothing listens there.
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 30_000))) {
            List<TopicSetup.TopicResult> results = new TopicSetup(admin, replicationFactor).createAll();
            results.forEach(r -> System.out.println("  " + r));
            boolean differs = results.stream().anyMatch(r -> r.outcome() == TopicSetup.Outcome.PARTITIONS_DIFFER);
            return differs ? 2 : 0;
        }
    }
}
