package io.tastestream.ingest.tags;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import java.util.List;
import org.junit.jupiter.api.Test;

class TagNormalizerTest {

    private static TagNormalizer.RawTag raw(String name, double weight) {
        return new TagNormalizer.RawTag(name, weight);
    }

    @Test
    void variantsOfOneTagBecomeOneWithTheStrongestSpellingAndWeight() {
        List<WeightedTag> tags = TagNormalizer.standard().normalise(List.of(
                raw("hip hop", 40), raw("Hip-Hop", 100), raw(" HIP  HOP ", 55), raw("hip_hop", 3),
                raw("Rap", 60), raw("rap", 90)));

        assertThat(tags).containsExactly(new WeightedTag("Hip-Hop", 100), new WeightedTag("rap", 90));
        assertThat(tags).extracting(t -> Names.tagKey(t.tag())).containsExactly("hip hop", "rap");
    }

    @Test
    void spellingIsTrimmedWithSingleSpacesAndCaseKept() {
        assertThat(TagNormalizer.standard().normalise(List.of(raw("  Post   Rock\t", 12))))
                .containsExactly(new WeightedTag("Post Rock", 12));
    }

    @Test
    void blankNamesAndZeroWeightsAreDroppedAndTheStrongestKept() {
        List<WeightedTag> tags = new TagNormalizer(2).normalise(List.of(raw("  ", 50), raw("-", 50),
                raw("seen live", 0), raw("indie", 5), raw("rock", 80), raw("pop", 30)));
        assertThat(tags).containsExactly(new WeightedTag("rock", 80), new WeightedTag("pop", 30));
    }

    @Test
    void equalWeightsOrderByKeySoTheResultIsDeterministic() {
        assertThat(TagNormalizer.standard().normalise(List.of(raw("b", 1), raw("a", 1), raw("C", 1))))
                .extracting(WeightedTag::tag).containsExactly("a", "b", "C");
    }
}
