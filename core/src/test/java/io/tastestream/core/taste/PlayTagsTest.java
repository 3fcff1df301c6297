package io.tastestream.core.taste;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.WeightedTag;
import java.util.List;
import org.junit.jupiter.api.Test;

class PlayTagsTest {
    private static final List<WeightedTag> ARTIST = List.of(new WeightedTag("rock", 30), new WeightedTag("indie", 10));
    private static final List<WeightedTag> TRACK = List.of(new WeightedTag("sad", 2), new WeightedTag("rock", 2));

    @Test
    void theArtistsAndTheTracksTagsShareThePlayHalfEach() {
        assertThat(PlayTags.of(ARTIST, TRACK)).containsExactly(new WeightedTag("rock", 0.375),
                new WeightedTag("indie", 0.125), new WeightedTag("sad", 0.25), new WeightedTag("rock", 0.25));
    }

    @Test
    void aSetAloneIsUsedAsItIs() {
        assertThat(PlayTags.of(ARTIST, List.of())).isSameAs(ARTIST);
        assertThat(PlayTags.of(List.of(), TRACK)).isSameAs(TRACK);
        assertThat(PlayTags.of(ARTIST, List.of(new WeightedTag("silent", 0)))).isSameAs(ARTIST);
    }

    @Test
    void aPlayAppliedWithBothGivesEachTagItsShareOfTheWeight() {
        TasteSettings settings = TasteSettings.defaults();
        TasteState state = new TasteState();
        state.applyPlay(io.tastestream.core.event.PlayEvent.of("alice", "Band", "Song", null,
                java.time.Instant.parse("2024-01-01T00:00:00Z"), 0, "test"), PlayTags.of(ARTIST, TRACK), settings);

        assertThat(state.tagWeight("rock", settings)).isEqualTo(0.625, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(state.tagWeight("indie", settings)).isEqualTo(0.125, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(state.tagWeight("sad", settings)).isEqualTo(0.25, org.assertj.core.api.Assertions.within(1e-12));
    }
}
