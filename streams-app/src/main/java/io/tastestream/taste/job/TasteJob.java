package io.tastestream.taste.job;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.taste.functions.EnrichFunction;
import io.tastestream.taste.functions.ParseFunction;
import io.tastestream.taste.functions.TasteFunction;
import io.tastestream.taste.functions.TasteOperator;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.records.TasteInput;
import io.tastestream.taste.serialization.RecordTypeInfo;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.connector.sink2.Sink;
import org.apache.flink.api.connector.source.Source;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;

/**
 * The taste dataflow, with its source and sinks passed in so tests can use bounded sources and collecting sinks:
 *
 * <pre>
 * raw records (plays, feedback, item-tags) -> parse (bad ones -> dead letters)
 *   -> event time -> keyBy artist -> enrich with the artist's and track's tags -> keyBy user -> taste -> snapshots
 * </pre>
 *
 * Every operator has a stable uid: checkpoints map state to operators by uid, so renaming one loses its state.
 */
public final class TasteJob {
    public static final String JOB_NAME = "tastestream taste";

    private TasteJob() {}

    /** Reads all input topics through one source (see {@link TasteInput} for why one stream). */
    public static DataStream<RawRecord> input(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source) {
        // event time is assigned after decoding: the timestamps live inside the JSON values
        return env.fromSource(source, WatermarkStrategy.noWatermarks(), "taste input source")
                .uid("taste-input-source");
    }

    public static void build(StreamExecutionEnvironment env, DataStream<RawRecord> input, Sink<TasteSnapshot> taste,
                             Sink<DeadLetter> deadLetters, TasteJobOptions options) {
        // parse and event time run at the source's parallelism, chained to it: no shuffle of undecoded bytes, and
        // records keep their source order up to the keyBy (tags read before a play are enriched before it)
        int sourceParallelism = input.getParallelism();
        SingleOutputStreamOperator<TasteInput> parsed = input
                .process(new ParseFunction(), RecordTypeInfo.TASTE_INPUT)
                .uid("parse-inputs").name("parse inputs").setParallelism(sourceParallelism);

        parsed.getSideOutput(ParseFunction.DEAD_LETTERS)
                .sinkTo(deadLetters).uid("dead-letters-sink").name("dead letters sink");

        Duration maxOutOfOrderness = options.maxOutOfOrderness();
        WatermarkStrategy<TasteInput> eventTime = WatermarkStrategy
                .<TasteInput>forGenerator(ctx -> new UserActivityWatermarks(maxOutOfOrderness))
                .withTimestampAssigner((event, recordTimestamp) -> event.eventMillis())
                .withIdleness(options.idleness());

        DataStream<EnrichedEvent> enriched = parsed
                .assignTimestampsAndWatermarks(eventTime).uid("event-time").name("event time")
                .setParallelism(sourceParallelism)
                .keyBy(TasteInput::artistKey, Types.STRING)
                .process(new EnrichFunction(), RecordTypeInfo.ENRICHED_EVENT)
                .uid("enrich-with-artist-tags").name("enrich with artist and track tags");

        enriched
                .keyBy(EnrichedEvent::userId, Types.STRING)
                // TasteOperator: the TasteFunction with state writes deferred to the snapshot timer or the next
                // checkpoint barrier; same state and timers as a plain process(), so older savepoints restore
                .transform("taste per user", RecordTypeInfo.json(TasteSnapshot.class),
                        new TasteOperator(new TasteFunction(options.settings(), options.dedupTtl(), options.userTtl(),
                                options.emitInterval())))
                .uid("taste-per-user")
                .sinkTo(taste).uid("taste-sink").name("taste sink");
    }

    /** Convenience: {@link #input} then {@link #build}. */
    public static void build(StreamExecutionEnvironment env, Source<RawRecord, ?, ?> source, Sink<TasteSnapshot> taste,
                             Sink<DeadLetter> deadLetters, TasteJobOptions options) {
        build(env, input(env, source), taste, deadLetters, options);
    }
}
