package io.tastestream.deploy.topics;

import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AlterConfigOp;
import org.apache.kafka.clients.admin.Config;
import org.apache.kafka.clients.admin.ConfigEntry;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.ConfigResource;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.errors.UnknownTopicOrPartitionException;

/**
 * Creates the pipeline's topics ({@link Topics#all()}) with their partition count and cleanup policy. Idempotent:
 * a topic that exists is left alone, except that a wrong {@code cleanup.policy} is corrected (safe to change);
 * a different partition count is only reported, because repartitioning a keyed topic moves keys between
 * partitions and that is the operator's decision.
 */
public final class TopicSetup {

    /** What happened to one topic. */
    public enum Outcome { CREATED, EXISTED, CLEANUP_POLICY_FIXED, PARTITIONS_DIFFER }

    public record TopicResult(String topic, Outcome outcome, String detail) {
        @Override
        public String toString() {
            return topic + ": " + outcome.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                    + (detail.isEmpty() ? "" : " (" + detail + ")");
        }
    }

    private static final Duration VISIBILITY_TIMEOUT = Duration.ofSeconds(30);

    private final Admin admin;
    private final short replicationFactor;

    public TopicSetup(Admin admin, short replicationFactor) {
        if (replicationFactor < 1) {
            throw new IllegalArgumentException("replication factor must be at least 1, was " + replicationFactor);
        }
        this.admin = admin;
        this.replicationFactor = replicationFactor;
    }

    /** Every topic of the pipeline. */
    public List<TopicResult> createAll() throws ExecutionException, InterruptedException {
        return create(Topics.all());
    }

    public List<TopicResult> create(Collection<Topic<?, ?>> topics) throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<TopicResult> results = new ArrayList<>();
        List<Topic<?, ?>> present = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            if (existing.contains(topic.name())) {
                present.add(topic);
                continue;
            }
            NewTopic newTopic = new NewTopic(topic.name(), topic.partitions(), replicationFactor)
                    .configs(topic.kafkaConfigs());
            try {
                admin.createTopics(List.of(newTopic)).all().get();
                results.add(new TopicResult(topic.name(), Outcome.CREATED,
                        topic.partitions() + " partitions, " + topic.kafkaConfigs()));
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof TopicExistsException)) {
                    throw e;
                }
                // Someone else created it between our listing and our request: check it like any existing topic.
                present.add(topic);
            }
        }
        List<String> created = results.stream().map(TopicResult::topic).toList();
        if (!created.isEmpty()) {
            // The controller has committed them, but the broker learns of new topics a moment later; callers
            // (producers, the Flink job) expect to use them as soon as we return.
            describeWhenVisible(created);
        }
        results.addAll(check(present));
        return results;
    }

    /** Describes the topics, waiting (bounded) while the broker's metadata does not know them yet. */
    private Map<String, TopicDescription> describeWhenVisible(List<String> names)
            throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + VISIBILITY_TIMEOUT.toNanos();
        while (true) {
            try {
                return admin.describeTopics(names).allTopicNames().get();
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof UnknownTopicOrPartitionException) || System.nanoTime() > deadline) {
                    throw e;
                }
                Thread.sleep(100);
            }
        }
    }

    private List<TopicResult> check(List<Topic<?, ?>> topics) throws ExecutionException, InterruptedException {
        if (topics.isEmpty()) {
            return List.of();
        }
        List<String> names = topics.stream().map(Topic::name).toList();
        Map<String, TopicDescription> descriptions = describeWhenVisible(names);
        Map<ConfigResource, Config> configs = admin.describeConfigs(names.stream()
                .map(n -> new ConfigResource(ConfigResource.Type.TOPIC, n)).toList()).all().get();
        Map<String, Config> configByTopic = configs.entrySet().stream()
                .collect(Collectors.toMap(e -> e.getKey().name(), Map.Entry::getValue));

        List<TopicResult> results = new ArrayList<>();
        for (Topic<?, ?> topic : topics) {
            int partitions = descriptions.get(topic.name()).partitions().size();
            ConfigEntry policyEntry = configByTopic.get(topic.name()).get(TopicConfig.CLEANUP_POLICY_CONFIG);
            String policy = policyEntry == null ? "" : policyEntry.value();
            String wanted = topic.cleanupPolicy().kafkaName();
            if (partitions != topic.partitions()) {
                results.add(new TopicResult(topic.name(), Outcome.PARTITIONS_DIFFER, "has " + partitions
                        + " partitions, tastestream expects " + topic.partitions() + "; left unchanged"));
            } else if (!policy.equals(wanted)) {
                ConfigResource resource = new ConfigResource(ConfigResource.Type.TOPIC, topic.name());
                admin.incrementalAlterConfigs(Map.of(resource, List.of(new AlterConfigOp(
                        new ConfigEntry(TopicConfig.CLEANUP_POLICY_CONFIG, wanted), AlterConfigOp.OpType.SET))))
                        .all().get();
                results.add(new TopicResult(topic.name(), Outcome.CLEANUP_POLICY_FIXED,
                        "cleanup.policy " + policy + " -> " + wanted));
            } else {
                results.add(new TopicResult(topic.name(), Outcome.EXISTED, ""));
            }
        }
        return results;
    }

    /** Results by topic name, for callers that look one up. */
    public static Map<String, TopicResult> byTopic(List<TopicResult> results) {
        return results.stream().collect(Collectors.toMap(TopicResult::topic, Function.identity()));
    }
}
