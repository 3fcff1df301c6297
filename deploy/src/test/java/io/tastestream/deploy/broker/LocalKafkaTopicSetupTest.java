package io.tastestream.deploy.broker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.serde.StringCodec;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.deploy.topics.TopicSetup;
import io.tastestream.deploy.topics.TopicSetup.Outcome;
import io.tastestream.deploy.topics.TopicSetup.TopicResult;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

/** One real broker for all of these, on a fixed port, because starting one is the slow part. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LocalKafkaTopicSetupTest {

    @TempDir
    static Path tmp;

    static int fixedPort;
    static LocalKafka kafka;
    static Admin admin;

    @BeforeAll
    static void startBroker() throws Exception {
        try (ServerSocket probe = new ServerSocket(0)) {
            fixedPort = probe.getLocalPort();
        }
        kafka = LocalKafka.start(tmp.resolve("kafka"), fixedPort);
        admin = kafka.admin();
    }

    @AfterAll
    static void stopBroker() throws Exception {
        if (admin != null) {
            admin.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    @Order(1)
    void brokerListensOnTheChosenPortAndAdvertisesIt() throws Exception {
        assertThat(kafka.bootstrapServers()).isEqualTo("localhost:" + fixedPort);
        assertThat(kafka.port()).isEqualTo(fixedPort);
        List<Node> nodes = List.copyOf(admin.describeCluster().nodes().get());
        assertThat(nodes).hasSize(1);
        // Clients that bootstrap on the fixed port must be sent back to it, not to the test kit's random port.
        assertThat(nodes.get(0).port()).isEqualTo(fixedPort);
        try (Stream<Path> files = Files.list(tmp.resolve("kafka"))) {
            assertThat(files.toList()).as("log dirs under the data dir").isNotEmpty();
        }
    }

    @Test
    @Order(2)
    void secondBrokerOnTheSamePortFailsNamingThePort() {
        assertThatThrownBy(() -> LocalKafka.start(tmp.resolve("other"), fixedPort))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("port " + fixedPort + " is already in use");
    }

    @Test
    @Order(3)
    void createsEveryTopicWithItsPartitionsAndCleanupPolicy() throws Exception {
        List<TopicResult> results = new TopicSetup(admin, (short) 1).createAll();

        assertThat(results).extracting(TopicResult::outcome).containsOnly(Outcome.CREATED);
        Set<String> names = Topics.all().stream().map(Topic::name).collect(Collectors.toSet());
        assertThat(results).extracting(TopicResult::topic).containsExactlyInAnyOrderElementsOf(names);
        Map<String, TopicDescription> descriptions = admin.describeTopics(names).allTopicNames().get();
        Map<String, String> policies = cleanupPolicies(names);
        for (Topic<?, ?> topic : Topics.all()) {
            assertThat(descriptions.get(topic.name()).partitions()).as(topic.name()).hasSize(topic.partitions());
            assertThat(policies.get(topic.name())).as(topic.name()).isEqualTo(topic.cleanupPolicy().kafkaName());
        }
    }

    @Test
    @Order(4)
    void secondRunChangesNothing() throws Exception {
        List<TopicResult> results = new TopicSetup(admin, (short) 1).createAll();

        assertThat(results).hasSize(Topics.all().size());
        assertThat(results).extracting(TopicResult::outcome).containsOnly(Outcome.EXISTED);
    }

    @Test
    @Order(5)
    void correctsAWrongCleanupPolicy() throws Exception {
        ConfigResource taste = new ConfigResource(ConfigResource.Type.TOPIC, Topics.TASTE.name());
        admin.incrementalAlterConfigs(Map.of(taste, List.of(new AlterConfigOp(
                new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, "delete"), AlterConfigOp.OpType.SET))))
                .all().get();
        // The controller has the change once the call returns; the broker answering describeConfigs applies it a
        // moment later, so the setup must not look before it has.
        assertThat(awaitCleanupPolicy(Topics.TASTE.name(), "delete")).isEqualTo("delete");

        Map<String, TopicResult> results = TopicSetup.byTopic(new TopicSetup(admin, (short) 1).createAll());

        assertThat(results.get(Topics.TASTE.name()).outcome()).isEqualTo(Outcome.CLEANUP_POLICY_FIXED);
        assertThat(results.get(Topics.PLAYS.name()).outcome()).isEqualTo(Outcome.EXISTED);
        assertThat(awaitCleanupPolicy(Topics.TASTE.name(), "compact")).isEqualTo("compact");
    }

    @Test
    @Order(6)
    void reportsButKeepsADifferentPartitionCount() throws Exception {
        admin.createTopics(List.of(new NewTopic("odd-partitions", 2, (short) 1))).all().get();
        Topic<String, String> expected = new Topic<>("odd-partitions", StringCodec.INSTANCE, StringCodec.INSTANCE,
                3, Topic.CleanupPolicy.DELETE, null);

        List<TopicResult> results = new TopicSetup(admin, (short) 1).create(List.of(expected));

        assertThat(results).singleElement().satisfies(r -> {
            assertThat(r.outcome()).isEqualTo(Outcome.PARTITIONS_DIFFER);
            assertThat(r.detail()).contains("has 2 partitions").contains("expects 3");
        });
        assertThat(admin.describeTopics(List.of("odd-partitions")).allTopicNames().get()
                .get("odd-partitions").partitions()).hasSize(2);
    }

    /** The topic's cleanup policy once the broker reports {@code expected}, or what it reports after 30 s. */
    private static String awaitCleanupPolicy(String topic, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        String policy = cleanupPolicies(Set.of(topic)).get(topic);
        while (!expected.equals(policy) && System.nanoTime() < deadline) {
            Thread.sleep(50);
            policy = cleanupPolicies(Set.of(topic)).get(topic);
        }
        return policy;
    }

    private static Map<String, String> cleanupPolicies(Set<String> names) throws Exception {
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();
        return configs.entrySet().stream().collect(Collectors.toMap(e -> e.getKey().name(),
                e -> e.getValue().get(TopicConfig.CLEANUP_POLICY_CONFIG).value()));
    }
}
