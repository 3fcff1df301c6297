package io.tastestream.deploy.broker;

import io.tastestream.deploy.topics.TopicSetup;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.apache.kafka.clients.admin.Admin;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code tastestream broker}: a local single-node Kafka in the foreground, until Ctrl-C. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run a single-node Kafka (KRaft) broker in the foreground, with tastestream's topics. "
                + "Starts empty each time. Stop with Ctrl-C.")
public final class BrokerCommand implements Callable<Integer> {

    @Option(names = "--port", defaultValue = "9092",
            description = "Port clients connect to on localhost (default: ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--data-dir", defaultValue = "tastestream-data", paramLabel = "DIR",
            description = "The broker keeps its logs in DIR/kafka (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--no-topics", negatable = false,
            description = "Do not create tastestream's topics.")
    boolean noTopics;

    @Override
    public Integer call() throws Exception {
        System.out.println("Starting Kafka broker (data in " + dataDir.resolve("kafka").toAbsolutePath() + ") ...");
        LocalKafka kafka = LocalKafka.start(dataDir.resolve("kafka"), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            System.out.println("Stopping Kafka broker ...");
            try {
                kafka.close();
            } catch (Exception e) {
                System.err.println("error while stopping the broker: " + e);
            }
            stopped.countDown();
        }, "tastestream-broker-shutdown"));
        if (!noTopics) {
            try (Admin admin = kafka.admin()) {
                new TopicSetup(admin, (short) 1).createAll().forEach(r -> System.out.println("  topic " + r));
            }
        }
        System.out.println("Kafka broker ready: bootstrap servers " + kafka.bootstrapServers() + ". Ctrl-C to stop.");
        stopped.await();
        return 0;
    }
}
