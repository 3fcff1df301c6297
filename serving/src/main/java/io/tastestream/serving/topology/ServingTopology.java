package io.tastestream.serving.topology;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.recommend.Recommender;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.serving.kafka.CodecSerdes;
import io.tastestream.serving.metrics.ServingCounters;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Taste snapshots in, explained recommendations out:
 * <pre>
 * taste (bytes) ─► recommend ─┬─► recommendations (key userId)   + store "latest-recommendations"
 *                             └─► dead-letters (DeadLetter, reason also in a header)
 * </pre>
 * The source reads raw bytes and the processor decodes them itself, so an unreadable record becomes a dead letter
 * with the source partition and offset instead of stopping the application.
 */
public final class ServingTopology {

    /** Latest recommendations per user id; the REST API reads it through interactive queries. */
    public static final String LATEST_RECOMMENDATIONS_STORE = "latest-recommendations";
    /** The stage name written on this application's dead letters. */
    public static final String STAGE = "serving";

    static final String SOURCE = "taste-source";
    static final String RECOMMEND = "recommend";
    static final String RECOMMENDATIONS_SINK = "recommendations-sink";
    static final String DEAD_LETTERS_SINK = "dead-letters-sink";

    private ServingTopology() {}

    /** The production topics, counting into a registry nobody exports (tools, tests). */
    public static Topology build(Supplier<Recommender> recommender) {
        return build(recommender, ServingCounters.unexported());
    }

    /** The production wiring: {@link Topics#TASTE} to {@link Topics#RECOMMENDATIONS} and {@link Topics#DEAD_LETTERS}. */
    public static Topology build(Supplier<Recommender> recommender, ServingCounters counters) {
        return build(Topics.TASTE, Topics.RECOMMENDATIONS, Topics.DEAD_LETTERS, recommender, counters);
    }

    /**
     * @param recommender asked once per record, so a new catalog can be swapped in while running
     */
    public static Topology build(Topic<String, TasteSnapshot> taste, Topic<String, Recommendations> recommendations,
                                 Topic<String, DeadLetter> deadLetters, Supplier<Recommender> recommender,
                                 ServingCounters counters) {
        Topology topology = new Topology();
        topology.addSource(SOURCE, new ByteArrayDeserializer(), new ByteArrayDeserializer(), taste.name());
        topology.addProcessor(RECOMMEND,
                () -> new RecommendProcessor(taste, recommendations, deadLetters, recommender, counters,
                        RECOMMENDATIONS_SINK, DEAD_LETTERS_SINK),
                SOURCE);
        topology.addStateStore(Stores.keyValueStoreBuilder(
                Stores.persistentKeyValueStore(LATEST_RECOMMENDATIONS_STORE),
                Serdes.String(), CodecSerdes.of(recommendations.valueSerde())), RECOMMEND);
        // the processor encodes with the topics' own codecs, so both sinks just pass bytes on
        topology.addSink(RECOMMENDATIONS_SINK, recommendations.name(), new ByteArraySerializer(),
                new ByteArraySerializer(), RECOMMEND);
        topology.addSink(DEAD_LETTERS_SINK, deadLetters.name(), new ByteArraySerializer(), new ByteArraySerializer(),
                RECOMMEND);
        return topology;
    }
}
