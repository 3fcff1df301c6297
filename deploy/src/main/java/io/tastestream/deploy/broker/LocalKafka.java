package io.tastestream.deploy.broker;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A single-node KRaft Kafka (one combined broker + controller) for the local stack and for tests.
 *
 * <p>Built on Kafka's own {@link KafkaClusterTestKit}, so it is a real broker, not a fake. The test kit pre-binds a
 * random port for its broker listener and ignores the port written in {@code listeners}; to get a fixed port
 * (9092 for the demo, so other JVMs and the console consumer find it) we add a second plaintext listener
 * {@value #FIXED_LISTENER} that the test kit does not pre-bind, so the broker binds exactly the configured port.
 * Clients bootstrapping on that port get metadata for the listener they connected through, i.e. the same port.
 *
 * <p>The broker starts empty every time: its directory is wiped on start (the test kit formats storage with a new
 * cluster id, which cannot reuse old logs).
 */
public final class LocalKafka implements AutoCloseable {

    /** Name of the extra listener bound to the fixed port. */
    static final String FIXED_LISTENER = "LOCAL";

    private final KafkaClusterTestKit cluster;
    private final String bootstrapServers;
    private final Path directory;

    private LocalKafka(KafkaClusterTestKit cluster, String bootstrapServers, Path directory) {
        this.cluster = cluster;
        this.bootstrapServers = bootstrapServers;
        this.directory = directory;
    }

    /**
     * Starts a broker whose logs live under {@code directory} (wiped first) and that listens on
     * {@code localhost:port}; port 0 means any free port (see {@link #bootstrapServers()}).
     *
     * @throws IllegalStateException if the fixed port is taken, naming the port
     */
    public static LocalKafka start(Path directory, int port) throws Exception {
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("Kafka port must be 0..65535, was " + port);
        }
        if (port != 0) {
            requireFree(port);
        }
        deleteRecursively(directory);
        Files.createDirectories(directory);

        TestKitNodes nodes = new TestKitNodes.Builder()
                .setCombined(true)
                .setNumBrokerNodes(1)
                .setNumControllerNodes(1)
                .setBaseDirectory(directory.toAbsolutePath())
                .build();
        String brokerListener = nodes.brokerListenerName().value();
        String controllerListener = nodes.controllerListenerName().value();

        KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(nodes)
                // One broker: internal topics cannot have more than one replica.
                .setConfigProp("offsets.topic.replication.factor", "1")
                .setConfigProp("offsets.topic.num.partitions", "4")
                .setConfigProp("transaction.state.log.replication.factor", "1")
                .setConfigProp("transaction.state.log.min.isr", "1")
                .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
                .setConfigProp("share.coordinator.state.topic.min.isr", "1")
                // Consumers of a fresh local stack should start at once, not after the 3 s default.
                .setConfigProp("group.initial.rebalance.delay.ms", "0");
        if (port != 0) {
            builder.setConfigProp("listener.security.protocol.map", brokerListener + ":PLAINTEXT,"
                    + controllerListener + ":PLAINTEXT," + FIXED_LISTENER + ":PLAINTEXT");
            builder.setConfigProp("listeners", brokerListener + "://localhost:0," + controllerListener
                    + "://localhost:0," + FIXED_LISTENER + "://localhost:" + port);
        }
        KafkaClusterTestKit cluster = builder.build();
        try {
            formatQuietly(cluster);
            cluster.startup();
            cluster.waitForReadyBrokers();
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
        String bootstrap = port != 0 ? "localhost:" + port : cluster.bootstrapServers();
        return new LocalKafka(cluster, bootstrap, directory);
    }

    /** {@code localhost:PORT}, for producers, consumers and admin clients. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    /** The port clients use. */
    public int port() {
        return Integer.parseInt(bootstrapServers.substring(bootstrapServers.lastIndexOf(':') + 1));
    }

    public Path directory() {
        return directory;
    }

    /** An admin client on {@link #bootstrapServers()}; the caller closes it. */
    public Admin admin() {
        return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers));
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }

    /**
     * Kafka's storage formatter prints its bootstrap records to System.out, which would land in the middle of the
     * CLI's output. Start-up is single-threaded at this point, so swapping System.out briefly is safe enough.
     */
    private static void formatQuietly(KafkaClusterTestKit cluster) throws Exception {
        PrintStream out = System.out;
        System.setOut(new PrintStream(OutputStream.nullOutputStream()));
        try {
            cluster.format();
        } finally {
            System.setOut(out);
        }
    }

    private static void requireFree(int port) {
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true);
            probe.bind(new InetSocketAddress(InetAddress.getByName("localhost"), port));
        } catch (IOException e) {
            throw new IllegalStateException("port " + port + " is already in use (another Kafka?); stop that "
                    + "process or choose another port, e.g. --bootstrap localhost:19092", e);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }
}
