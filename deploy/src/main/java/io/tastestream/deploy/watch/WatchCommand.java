package io.tastestream.deploy.watch;

import io.tastestream.core.config.ConfigOptions;
import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.tools.consumer.ConsoleConsumer;
import org.apache.kafka.tools.consumer.ConsoleConsumerOptions;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code tastestream watch}: prints a topic's records as they arrive, with Kafka's own console consumer run
 * in-process (so users need no Kafka download). Values are JSON, so they print readably as they are.
 */
@Command(name = "watch", mixinStandardHelpOptions = true,
        description = "Print the records of a tastestream topic (key => JSON value) as they arrive. Ctrl-C to stop.")
public final class WatchCommand implements Callable<Integer> {

    @Mixin
    ConfigOptions config;

    @Option(names = "--topic", completionCandidates = TopicNames.class,
            description = "Topic to watch: ${COMPLETION-CANDIDATES} (default: recommendations).")
    String topic = Topics.RECOMMENDATIONS.name();

    @Option(names = "--from-beginning", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Start at the oldest record instead of only new ones (default: ${DEFAULT-VALUE}).")
    boolean fromBeginning;

    @Option(names = "--max-messages", description = "Stop after this many records.")
    Integer maxMessages;

    /** The consumer's arguments, exposed for the demo banner and tests. */
    public static List<String> consoleConsumerArgs(String bootstrap, String topic, boolean fromBeginning,
                                                   Integer maxMessages) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", bootstrap, "--topic", topic,
                "--formatter-property", "print.key=true", "--formatter-property", "key.separator= => ",
                // The new consumer protocol; also stops the console consumer advertising it on every start.
                "--command-property", "group.protocol=consumer"));
        if (fromBeginning) {
            args.add("--from-beginning");
        }
        if (maxMessages != null) {
            args.add("--max-messages");
            args.add(maxMessages.toString());
        }
        return args;
    }

    @Override
    public Integer call() throws Exception {
        TastestreamConfig settings = config.load();
        if (Topics.all().stream().noneMatch(t -> t.name().equals(topic))) {
            System.err.println("unknown topic '" + topic + "'; tastestream topics are: "
                    + String.join(", ", new TopicNames()));
            return 2;
        }
        List<String> args = consoleConsumerArgs(settings.get(TastestreamConfig.KAFKA_BOOTSTRAP), topic,
                fromBeginning, maxMessages);
        ConsoleConsumer.run(new ConsoleConsumerOptions(args.toArray(String[]::new)));
        return 0;
    }

    /** Names of all tastestream topics, for help and completion. */
    static final class TopicNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Topics.all().stream().map(Topic::name).iterator();
        }
    }
}
