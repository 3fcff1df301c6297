package io.tastestream.taste.functions;

import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.TasteInput;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by artist key: remembers the latest artist-level tags of the artist and attaches them to each play and
 * feedback event of that artist as it passes. Tags are not joined "as of" event time: an event gets the tags known
 * when it is processed, possibly none yet (the taste math cannot add tags to an event afterwards).
 *
 * <p>Track-level tags ({@code artist + track} items) are ignored for now: taste is built from artist tags, and
 * joining on tracks would need a second keying. They are counted in {@code trackTagsIgnored}.
 */
public class EnrichFunction extends KeyedProcessFunction<String, TasteInput, EnrichedEvent> {
    private static final long serialVersionUID = 1L;

    /** Latest ItemTagsEvent of the artist as JSON (its core codec), so adding fields needs no state migration. */
    private transient ValueState<byte[]> artistTags;
    private transient Counter trackTagsIgnored;
    /**
     * Decoded tags of recently seen artists of this subtask: decoding the stored JSON on every play was most of this
     * operator's work, and popular artists repeat constantly. Always equal to the state, because only this function
     * writes the state and it updates both; empty after a restore, so it never outlives the state it mirrors. When
     * full it starts over (re-reading an artist costs one state read): a plain map, as a least-recently-used one
     * relinks its list on every play.
     */
    private transient Map<String, List<WeightedTag>> decodedTags;

    /** About half a KB per artist: bounds the cache to a few MB. */
    static final int MAX_CACHED_ARTISTS = 10_000;

    @Override
    public void open(OpenContext openContext) {
        artistTags = getRuntimeContext().getState(
                new ValueStateDescriptor<>("artist-tags", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        trackTagsIgnored = getRuntimeContext().getMetricGroup().counter("trackTagsIgnored");
        decodedTags = new HashMap<>(4096);
    }

    @Override
    public void processElement(TasteInput input, Context ctx, Collector<EnrichedEvent> out) throws Exception {
        if (input.itemTags() != null) {
            if (!input.itemTags().item().isArtist()) {
                trackTagsIgnored.inc();
                return;
            }
            // the topic is compacted with "latest per item wins": arrival order, not the event's own time
            artistTags.update(ItemTagsEvent.SERDE.encode(input.itemTags()));
            remember(ctx.getCurrentKey(), input.itemTags().tags());
            return;
        }
        List<WeightedTag> tags = decodedTags.get(ctx.getCurrentKey());
        if (tags == null) {
            tags = currentTags();
            remember(ctx.getCurrentKey(), tags);
        }
        if (input.forwardedPlay() != null) {
            out.collect(EnrichedEvent.of(input.forwardedPlay(), tags)); // how plays arrive over the network
        } else if (input.play() != null) {
            out.collect(EnrichedEvent.of(input.play(), tags));
        } else {
            out.collect(EnrichedEvent.of(input.feedback(), tags));
        }
    }

    private void remember(String artistKey, List<WeightedTag> tags) {
        if (decodedTags.size() >= MAX_CACHED_ARTISTS && !decodedTags.containsKey(artistKey)) {
            decodedTags.clear();
        }
        decodedTags.put(artistKey, tags);
    }

    private List<WeightedTag> currentTags() throws Exception {
        byte[] stored = artistTags.value();
        return stored == null ? List.of() : ItemTagsEvent.SERDE.decode(stored).tags();
    }
}
