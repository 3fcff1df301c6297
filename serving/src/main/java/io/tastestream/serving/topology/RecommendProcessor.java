package io.tastestream.serving.topology;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.recommend.Recommender;
import io.tastestream.core.serde.InvalidRecordException;
import io.tastestream.core.topic.Topic;
import io.tastestream.serving.metrics.ServingCounters;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.function.Supplier;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Decodes a taste snapshot, asks the current recommender, stores and forwards the result; anything it cannot use
 * goes to the dead-letter sink with the reason, and processing carries on with the next record.
 */
final class RecommendProcessor implements Processor<byte[], byte[], byte[], byte[]> {
    private static final Logger LOG = LoggerFactory.getLogger(RecommendProcessor.class);

    private final Topic<String, TasteSnapshot> taste;
    private final Topic<String, Recommendations> recommendations;
    private final Topic<String, DeadLetter> deadLetters;
    private final Supplier<Recommender> recommender;
    private final ServingCounters counters;
    private final String recommendationsSink;
    private final String deadLettersSink;

    private ProcessorContext<byte[], byte[]> context;
    private KeyValueStore<String, Recommendations> latest;

    RecommendProcessor(Topic<String, TasteSnapshot> taste, Topic<String, Recommendations> recommendations,
                       Topic<String, DeadLetter> deadLetters, Supplier<Recommender> recommender,
                       ServingCounters counters, String recommendationsSink, String deadLettersSink) {
        this.taste = taste;
        this.recommendations = recommendations;
        this.deadLetters = deadLetters;
        this.recommender = recommender;
        this.counters = counters;
        this.recommendationsSink = recommendationsSink;
        this.deadLettersSink = deadLettersSink;
    }

    @Override
    public void init(ProcessorContext<byte[], byte[]> context) {
        this.context = context;
        this.latest = context.getStateStore(ServingTopology.LATEST_RECOMMENDATIONS_STORE);
    }

    @Override
    public void process(Record<byte[], byte[]> record) {
        TasteSnapshot snapshot;
        try {
            snapshot = decode(record);
        } catch (InvalidRecordException e) {
            deadLetter(record, e.getMessage());
            return;
        }
        // the wall clock of the stream thread (mockable in TopologyTestDriver); "generatedAt" is processing time
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        Recommendations recs;
        try {
            recs = recommender.get().recommend(snapshot, now);
        } catch (RuntimeException e) {
            // a snapshot the recommender cannot handle must not stop every other user's recommendations
            LOG.warn("recommender failed for user {}", snapshot.userId(), e);
            deadLetter(record, "recommender failed: " + e);
            return;
        }
        latest.put(recs.userId(), recs);
        context.forward(new Record<>(recommendations.keySerde().encode(recs.userId()),
                recommendations.valueSerde().encode(recs), record.timestamp()), recommendationsSink);
        counters.recommendationsEmitted().increment();
    }

    private TasteSnapshot decode(Record<byte[], byte[]> record) {
        TasteSnapshot snapshot = taste.valueSerde().decode(record.value());
        String key = record.key() == null ? null : taste.keySerde().decode(record.key());
        // the taste topic is partitioned by user id: a snapshot under another user's key is a producer bug, and
        // serving it would put one user's taste into another's recommendations
        if (key != null && !key.equals(snapshot.userId())) {
            throw new InvalidRecordException(taste.valueSerde().describes() + ": record key '" + key
                    + "' does not match field 'userId' '" + snapshot.userId() + "'");
        }
        return snapshot;
    }

    private void deadLetter(Record<byte[], byte[]> record, String reason) {
        String why = reason == null || reason.isBlank() ? "unknown error" : reason;
        RecordMetadata source = context.recordMetadata().orElse(null);
        DeadLetter letter = DeadLetter.of(ServingTopology.STAGE,
                source == null ? taste.name() : source.topic(),
                source == null ? -1 : source.partition(),
                source == null ? -1 : source.offset(),
                record.key(), record.value(), why, Instant.ofEpochMilli(context.currentSystemTimeMs()));
        LOG.warn("dead-lettered {}[{}]@{}: {}", letter.sourceTopic(), letter.partition(), letter.offset(), why);
        RecordHeaders headers = new RecordHeaders();
        headers.add(DeadLetter.REASON_HEADER, why.getBytes(StandardCharsets.UTF_8));
        // keyed like the original record (raw bytes), as the dead-letters topic promises
        context.forward(new Record<>(record.key(), deadLetters.valueSerde().encode(letter), record.timestamp(),
                headers), deadLettersSink);
        counters.deadLetters().increment();
    }
}
