package io.tastestream.deploy.console;

import io.tastestream.core.config.TastestreamConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.tools.ConsoleProducer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * {@code tastestream console-producer}: Kafka's console producer run in-process, so events can be typed by hand
 * without a Kafka download. Arguments are Kafka's own; {@code --bootstrap-server} defaults to the configured broker.
 */
@Command(name = "console-producer",
        description = {"Kafka's console producer: send one record per line to a topic, e.g.",
                "  console-producer --topic plays --reader-property parse.key=true --reader-property 'key.separator=|'",
                "(see docs/events.md). --bootstrap-server defaults to kafka.bootstrap.servers "
                        + "(TASTESTREAM_KAFKA_BOOTSTRAP_SERVERS, default localhost:9092)."})
public final class ConsoleProducerCommand implements Callable<Integer> {

    @Unmatched
    List<String> kafkaArgs = new ArrayList<>();

    @Override
    public Integer call() throws Exception {
        ConsoleProducer.main(withBootstrap(kafkaArgs, TastestreamConfig.load(null, java.util.Map.of())
                .get(TastestreamConfig.KAFKA_BOOTSTRAP)).toArray(String[]::new));
        return 0;
    }

    public static List<String> withBootstrap(List<String> args, String bootstrap) {
        List<String> all = new ArrayList<>(args);
        if (!all.contains("--bootstrap-server")) {
            all.addAll(0, List.of("--bootstrap-server", bootstrap));
        }
        return all;
    }
}
