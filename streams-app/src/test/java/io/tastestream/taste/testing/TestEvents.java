package io.tastestream.taste.testing;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.records.RawRecord;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;

/** Small builders for the events the tests feed the job. */
public final class TestEvents {
    public static final Instant T0 = Instant.parse("2024-05-01T12:00:00Z");

    private TestEvents() {}

    public static PlayEvent play(String user, String artist, String track, int minutesAfterT0) {
        return PlayEvent.of(user, artist, track, null, T0.plusSeconds(60L * minutesAfterT0), 0, "test");
    }

    public static FeedbackEvent feedback(String user, FeedbackType type, String artist, int minutesAfterT0) {
        return FeedbackEvent.of(user, type, ItemRef.artist(artist), T0.plusSeconds(60L * minutesAfterT0), "test");
    }

    /** Tags as "name", weight, "name", weight, ... */
    public static ItemTagsEvent artistTags(String artist, Object... tagsAndWeights) {
        return ItemTagsEvent.of(ItemRef.artist(artist), tags(tagsAndWeights), "test", T0);
    }

    public static List<WeightedTag> tags(Object... tagsAndWeights) {
        WeightedTag[] tags = new WeightedTag[tagsAndWeights.length / 2];
        for (int i = 0; i < tags.length; i++) {
            tags[i] = new WeightedTag((String) tagsAndWeights[2 * i], ((Number) tagsAndWeights[2 * i + 1]).doubleValue());
        }
        return Arrays.asList(tags);
    }

    public static RawRecord raw(PlayEvent play, long offset) {
        return new RawRecord(Topics.PLAYS.name(), 0, offset, bytes(play.userId()), PlayEvent.SERDE.encode(play), 0L);
    }

    public static RawRecord raw(FeedbackEvent feedback, long offset) {
        return new RawRecord(Topics.FEEDBACK.name(), 0, offset, bytes(feedback.userId()),
                FeedbackEvent.SERDE.encode(feedback), 0L);
    }

    public static RawRecord raw(ItemTagsEvent tags, long offset) {
        return new RawRecord(Topics.ITEM_TAGS.name(), 0, offset, bytes(tags.item().key()),
                ItemTagsEvent.SERDE.encode(tags), 0L);
    }

    public static RawRecord rawText(String topic, String key, String value, long offset) {
        return new RawRecord(topic, 0, offset, bytes(key), bytes(value), 0L);
    }

    private static byte[] bytes(String s) {
        return s == null ? null : s.getBytes(StandardCharsets.UTF_8);
    }
}
