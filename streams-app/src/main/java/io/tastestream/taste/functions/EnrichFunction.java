package io.tastestream.taste.functions;

import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.PlayTags;
import io.tastestream.taste.records.EnrichedEvent;
import io.tastestream.taste.records.TasteInput;
import io.tastestream.taste.serialization.TasteInputSerializer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Keyed by artist key: remembers the latest artist-level tags of the artist, and the latest tags of each of its
 * tracks that has tags of its own, and attaches them to each play and feedback event of that artist as it passes
 * ({@link PlayTags}: the artist's tags, and the track's when it has some, half each). Tags are not joined "as of"
 * event time: an event gets the tags known when it is processed, possibly none yet (the taste math cannot add tags
 * to an event afterwards).
 */
public class EnrichFunction extends KeyedProcessFunction<String, TasteInput, EnrichedEvent> {
    private static final long serialVersionUID = 1L;

    /** Latest ItemTagsEvent of the artist as JSON (its core codec), so adding fields needs no state migration. */
    private transient ValueState<byte[]> artistTags;
    /** Latest ItemTagsEvent of each of the artist's tagged tracks, by track key ({@code Names.key}), as JSON. */
    private transient MapState<String, byte[]> trackTags;
    private transient Counter trackTagsApplied;
    /**
     * Decoded tags of recently seen artists of this subtask, and whether any track of theirs has tags: decoding the
     * stored JSON on every play was most of this operator's work, and popular artists repeat constantly. Always
     * equal to the state, because only this function writes the state and it updates both; empty after a restore,
     * so it never outlives the state it mirrors. When full it starts over (re-reading an artist costs one state
     * read): a plain map, as a least-recently-used one relinks its list on every play.
     */
    private transient Map<String, ArtistTags> decodedTags;
    /** The same for tracks of artists with tagged tracks, by artist key + US + track key; empty list: no tags. */
    private transient Map<String, List<WeightedTag>> decodedTrackTags;

    /** About half a KB per artist: bounds the cache to a few MB. */
    static final int MAX_CACHED_ARTISTS = 10_000;
    static final int MAX_CACHED_TRACKS = 20_000;

    /** An artist's tags, and whether some of its tracks have tags of their own. */
    private record ArtistTags(List<WeightedTag> tags, boolean tracksTagged) {}

    @Override
    public void open(OpenContext openContext) {
        artistTags = getRuntimeContext().getState(
                new ValueStateDescriptor<>("artist-tags", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        trackTags = getRuntimeContext().getMapState(new MapStateDescriptor<>("track-tags", Types.STRING,
                PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        trackTagsApplied = getRuntimeContext().getMetricGroup().counter("trackTagsApplied");
        decodedTags = new HashMap<>(4096);
        decodedTrackTags = new HashMap<>(1024);
    }

    @Override
    public void processElement(TasteInput input, Context ctx, Collector<EnrichedEvent> out) throws Exception {
        String artistKey = ctx.getCurrentKey();
        ItemTagsEvent itemTags = input.itemTags();
        if (itemTags != null) {
            // the topic is compacted with "latest per item wins": arrival order, not the event's own time
            if (itemTags.item().isArtist()) {
                artistTags.update(ItemTagsEvent.SERDE.encode(itemTags));
                ArtistTags known = decodedTags.get(artistKey); // (the old tags need no decoding: they are replaced)
                remember(artistKey, new ArtistTags(itemTags.tags(),
                        known != null ? known.tracksTagged() : !trackTags.isEmpty()));
            } else {
                String trackKey = Names.key(itemTags.item().track());
                trackTags.put(trackKey, ItemTagsEvent.SERDE.encode(itemTags));
                putBounded(decodedTrackTags, trackCacheKey(artistKey, trackKey), itemTags.tags(), MAX_CACHED_TRACKS);
                ArtistTags artist = artistTagsOf(artistKey);
                if (!artist.tracksTagged()) {
                    remember(artistKey, new ArtistTags(artist.tags(), true));
                }
            }
            return;
        }
        ArtistTags artist = artistTagsOf(artistKey);
        List<WeightedTag> tags = artist.tags();
        if (artist.tracksTagged()) {
            String track = input.forwardedPlay() != null ? TasteInputSerializer.forwardedTrack(input.forwardedPlay())
                    : input.play() != null ? input.play().track() : input.feedback().item().track();
            List<WeightedTag> ofTrack = track == null ? List.of() : trackTagsOf(artistKey, Names.key(track));
            if (!ofTrack.isEmpty()) {
                tags = PlayTags.of(tags, ofTrack);
                trackTagsApplied.inc();
            }
        }
        if (input.forwardedPlay() != null) {
            out.collect(EnrichedEvent.of(input.forwardedPlay(), tags)); // how plays arrive over the network
        } else if (input.play() != null) {
            out.collect(EnrichedEvent.of(input.play(), tags));
        } else {
            out.collect(EnrichedEvent.of(input.feedback(), tags));
        }
    }

    private ArtistTags artistTagsOf(String artistKey) throws Exception {
        ArtistTags cached = decodedTags.get(artistKey);
        if (cached == null) {
            byte[] stored = artistTags.value();
            cached = new ArtistTags(stored == null ? List.of() : ItemTagsEvent.SERDE.decode(stored).tags(),
                    !trackTags.isEmpty());
            remember(artistKey, cached);
        }
        return cached;
    }

    private List<WeightedTag> trackTagsOf(String artistKey, String trackKey) throws Exception {
        String key = trackCacheKey(artistKey, trackKey);
        List<WeightedTag> cached = decodedTrackTags.get(key);
        if (cached == null) {
            byte[] stored = trackTags.get(trackKey);
            cached = stored == null ? List.of() : ItemTagsEvent.SERDE.decode(stored).tags();
            putBounded(decodedTrackTags, key, cached, MAX_CACHED_TRACKS);
        }
        return cached;
    }

    private void remember(String artistKey, ArtistTags tags) {
        putBounded(decodedTags, artistKey, tags, MAX_CACHED_ARTISTS);
    }

    private static String trackCacheKey(String artistKey, String trackKey) {
        return artistKey + '\u001f' + trackKey;
    }

    /** A cache that starts over when full (see {@link #decodedTags}). */
    private static <V> void putBounded(Map<String, V> cache, String key, V value, int max) {
        if (cache.size() >= max && !cache.containsKey(key)) {
            cache.clear();
        }
        cache.put(key, value);
    }
}
