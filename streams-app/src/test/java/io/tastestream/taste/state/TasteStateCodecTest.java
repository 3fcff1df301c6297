package io.tastestream.taste.state;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TasteStateCodecTest {
    static final TasteSettings S = TasteSettings.defaults();
    static final Instant T0 = Instant.parse("2024-03-01T10:00:00Z");
    final TasteStateCodec codec = new TasteStateCodec(S.halfLife());

    static TasteState sample() {
        TasteState s = new TasteState();
        List<WeightedTag> tags = List.of(new WeightedTag("Post-Rock", 3), new WeightedTag("ambient", 1));
        s.applyPlay(PlayEvent.of("u", "Sigur Rós", "Hoppípolla", null, T0, 0, "t"), tags, S);
        s.applyPlay(PlayEvent.of("u", "Mogwai", "Auto Rock", null, T0.minusSeconds(86_400 * 20L),
                12_000, "t"), tags, S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.LIKE, ItemRef.artist("Mogwai"), T0.plusSeconds(5), "t"),
                tags, S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.SKIP, new ItemRef("Björk", "Army of Me"), T0, "t"),
                List.of(), S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.BAN, ItemRef.artist("Nickelback"), T0, "t"), List.of(), S);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.UNBAN, ItemRef.artist("Creed"), T0, "t"), List.of(), S);
        s.artists.put("no name", new io.tastestream.core.taste.DecayedWeight(0.5, T0.toEpochMilli()));
        return s;
    }

    @Test
    void roundTripGivesTheSameSnapshotAndIsMuchSmallerThanJson() {
        TasteState original = sample();
        byte[] bytes = codec.encode(original);
        TasteState decoded = codec.decode(bytes);

        TasteSnapshot a = original.snapshot("u", null, S);
        TasteSnapshot b = decoded.snapshot("u", null, S);
        assertThat(b.eventsApplied()).isEqualTo(a.eventsApplied());
        assertThat(b.asOf()).isEqualTo(a.asOf());
        assertThat(b.recentPlays()).isEqualTo(a.recentPlays());
        assertThat(b.liked()).isEqualTo(a.liked());
        assertThat(b.skipped()).isEqualTo(a.skipped());
        assertThat(b.banned()).isEqualTo(a.banned());
        assertThat(decoded.banDecisions).isEqualTo(original.banDecisions);
        assertWeights(b.topTags(), a.topTags());
        assertWeights(b.topArtists(), a.topArtists());
        assertThat(decoded.artistNames).isEqualTo(original.artistNames);
        assertThat(decoded.tagNames).isEqualTo(original.tagNames);
        assertThat(bytes.length).isLessThan(TasteState.SERDE.encode(original).length / 2);
    }

    @Test
    void jsonWrittenByEarlierBuildsStillReads() {
        TasteState original = sample();
        TasteState decoded = codec.decode(TasteState.SERDE.encode(original));
        assertThat(decoded.eventsApplied).isEqualTo(original.eventsApplied);
        assertWeights(decoded.snapshot("u", null, S).topArtists(), original.snapshot("u", null, S).topArtists());
    }

    @Test
    void aNewerVersionIsRefusedClearly() {
        byte[] bytes = codec.encode(sample());
        bytes[0] = 9;
        assertThatThrownBy(() -> codec.decode(bytes)).hasMessageContaining("version 9 is newer");
    }

    private static void assertWeights(List<Weighted> actual, List<Weighted> expected) {
        assertThat(actual).extracting(Weighted::name).isEqualTo(expected.stream().map(Weighted::name).toList());
        for (int i = 0; i < expected.size(); i++) {
            assertThat(actual.get(i).weight()).isCloseTo(expected.get(i).weight(),
                    org.assertj.core.api.Assertions.withinPercentage(1e-10));
        }
    }
}
