package io.tastestream.serving.kafka;

import io.tastestream.core.topic.Topic;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

/**
 * Creates the topics serving reads and writes when they are missing, with the partitions and cleanup policy core
 * declares, so serving can start before the other stages have created them. Existing topics are left alone.
 */
public final class TopicSetup {
    private TopicSetup() {}

    /** @return the names of the topics it created */
    public static List<String> ensure(Admin admin, Collection<Topic<?, ?>> topics)
            throws ExecutionException, InterruptedException {
        Set<String> existing = admin.listTopics().names().get();
        List<NewTopic> missing = new ArrayList<>();
        for (Topic<?, ?> t : topics) {
            if (!existing.contains(t.name())) {
                // empty replication factor: the broker's default.replication.factor, right for 1 or 3 brokers
                missing.add(new NewTopic(t.name(), Optional.of(t.partitions()), Optional.empty())
                        .configs(t.kafkaConfigs()));
            }
        }
        List<String> created = new ArrayList<>();
        for (var e : admin.createTopics(missing).values().entrySet()) {
            try {
                e.getValue().get();
                created.add(e.getKey());
            } catch (ExecutionException ex) {
                // another stage created it between our listing and our request: fine
                if (!(ex.getCause() instanceof TopicExistsException)) {
                    throw ex;
                }
            }
        }
        return created;
    }
}
