package io.tastestream.taste.functions;

import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.kafka.PlayEventJson;
import io.tastestream.taste.records.RawRecord;
import io.tastestream.taste.records.TasteInput;
import io.tastestream.taste.serialization.RecordTypeInfo;
import java.time.Duration;
import java.time.Instant;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Decodes raw records of the plays, feedback and item-tags topics with the core codecs. A record that cannot be
 * decoded or is not valid goes to {@link #DEAD_LETTERS} with the codec's message as the reason; the job goes on.
 *
 * <p>So does a play or feedback event dated more than {@link #MAX_AHEAD} after the wall clock: taste is decayed to
 * the user's latest event time, so one event from a wrong clock (the year 2099) would age everything else the user
 * did, and the broker refuses records timestamped more than an hour ahead (its default
 * {@code message.timestamp.after.max.ms}), which would fail the snapshot's write on every restart.
 */
public class ParseFunction extends ProcessFunction<RawRecord, TasteInput> {
    private static final long serialVersionUID = 1L;

    /** The stage name written into every dead letter of this job. */
    public static final String STAGE = "taste-job";

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", RecordTypeInfo.json(DeadLetter.class));

    /** How far after the wall clock an event may be dated: devices' clocks drift by minutes, not hours. */
    public static final Duration MAX_AHEAD = Duration.ofHours(1);

    private transient Counter deadLetters;

    @Override
    public void open(OpenContext openContext) {
        deadLetters = getRuntimeContext().getMetricGroup().counter("deadLetters");
    }

    @Override
    public void processElement(RawRecord raw, Context ctx, Collector<TasteInput> out) {
        TasteInput input;
        try {
            input = decode(raw);
            long now = ctx.timerService().currentProcessingTime();
            if (input.itemTags() == null && input.eventMillis() > now + MAX_AHEAD.toMillis()) {
                throw new IllegalArgumentException("event time " + Instant.ofEpochMilli(input.eventMillis())
                        + " is more than " + MAX_AHEAD + " after the current time "
                        + Instant.ofEpochMilli(now) + " (a wrong clock?)");
            }
        } catch (RuntimeException e) {
            // the core codecs throw InvalidRecordException naming type and field; anything else is still a bad
            // record from our point of view, and must not fail (and endlessly restart) the job
            String reason = e.getMessage() != null && !e.getMessage().isBlank()
                    ? e.getMessage() : e.getClass().getSimpleName();
            deadLetters.inc();
            ctx.output(DEAD_LETTERS, DeadLetter.of(STAGE, raw.topic(), raw.partition(), raw.offset(), raw.key(),
                    raw.value(), reason, Instant.ofEpochMilli(ctx.timerService().currentProcessingTime())));
            return;
        }
        out.collect(input);
    }

    static TasteInput decode(RawRecord raw) {
        String topic = raw.topic();
        if (Topics.PLAYS.name().equals(topic)) {
            return TasteInput.of(PlayEventJson.decode(raw.value())); // the plays codec's result, faster
        }
        if (Topics.FEEDBACK.name().equals(topic)) {
            return TasteInput.of(Topics.FEEDBACK.valueSerde().decode(raw.value()));
        }
        if (Topics.ITEM_TAGS.name().equals(topic)) {
            return TasteInput.of(Topics.ITEM_TAGS.valueSerde().decode(raw.value()));
        }
        throw new IllegalArgumentException("topic '" + topic + "' is not an input of the taste job");
    }
}
