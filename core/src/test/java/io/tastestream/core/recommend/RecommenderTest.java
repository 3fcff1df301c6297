package io.tastestream.core.recommend;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecommenderTest {
    static final Instant T0 = Instant.parse("2026-03-01T12:00:00Z");
    static final TasteSettings S = TasteSettings.defaults();

    /** Two scenes that share no listeners: post-rock and hip hop, plus one very popular pop artist. */
    static Catalog twoScenes() {
        List<CatalogArtist> artists = List.of(
                CatalogArtist.of("Mogwai", 50, tags("post-rock", 10, "instrumental", 4)),
                CatalogArtist.of("Explosions in the Sky", 40, tags("post-rock", 9, "ambient", 3)),
                CatalogArtist.of("Godspeed You! Black Emperor", 30, tags("post-rock", 8)),
                CatalogArtist.of("Mono", 10, tags("post-rock", 5, "japanese", 2)),
                CatalogArtist.of("Nas", 45, tags("hip hop", 10, "rap", 6)),
                CatalogArtist.of("Mobb Deep", 35, tags("hip-hop", 9)),
                CatalogArtist.of("Wu-Tang Clan", 40, tags("hip hop", 9, "rap", 3)),
                CatalogArtist.of("Pop Star", 500, tags("pop", 10)));
        Map<String, List<Neighbour>> neighbours = Map.of(
                "mogwai", List.of(new Neighbour("explosions in the sky", 0.8),
                        new Neighbour("godspeed you! black emperor", 0.6), new Neighbour("mono", 0.3)),
                "explosions in the sky", List.of(new Neighbour("mogwai", 0.8), new Neighbour("mono", 0.4)),
                "nas", List.of(new Neighbour("mobb deep", 0.7), new Neighbour("wu-tang clan", 0.6)));
        return Catalog.of("test-catalog", artists, neighbours);
    }

    static List<WeightedTag> tags(Object... pairs) {
        List<WeightedTag> out = new java.util.ArrayList<>();
        for (int i = 0; i < pairs.length; i += 2) {
            out.add(new WeightedTag((String) pairs[i], ((Number) pairs[i + 1]).doubleValue()));
        }
        return out;
    }

    static TasteSnapshot afterPlays(TasteState state, Catalog catalog, String user, String... artists) {
        Instant t = T0;
        PlayEvent last = null;
        for (String artist : artists) {
            t = t.plusSeconds(240);
            last = PlayEvent.of(user, artist, "a track", null, t, 0, "test");
            state.applyPlay(last, catalog.artist(artist).map(CatalogArtist::tags).orElse(List.of()), S);
        }
        return state.snapshot(user, Trigger.of(last), S);
    }

    @Test
    void recommendsFromTheUsersOwnSceneWithReasonsNamingTheirTaste() {
        Catalog catalog = twoScenes();
        Recommender recommender = new Recommender(catalog, 5);
        Recommendations postRock = recommender.recommend(
                afterPlays(new TasteState(), catalog, "ana", "Mogwai", "Mogwai", "Mogwai"), T0);
        assertThat(postRock.items()).extracting(RecommendedItem::artist)
                .startsWith("Explosions in the Sky", "Godspeed You! Black Emperor")
                .doesNotContain("Mogwai", "Nas", "Mobb Deep");
        assertThat(postRock.items().get(0).reason()).contains("Mogwai");
        assertThat(postRock.modelVersion()).isEqualTo("test-catalog/linear-v1");
        assertThat(postRock.items()).extracting(RecommendedItem::rank).containsExactly(
                postRock.items().stream().map(RecommendedItem::rank).sorted().toArray(Integer[]::new));

        Recommendations hipHop = recommender.recommend(
                afterPlays(new TasteState(), catalog, "ben", "Nas", "Nas"), T0);
        assertThat(hipHop.items()).extracting(RecommendedItem::artist)
                .startsWith("Mobb Deep").doesNotContain("Mogwai", "Explosions in the Sky");
    }

    @Test
    void aUserKnownOnlyByTagsGetsArtistsOfThoseTagsExplainedByTag() {
        Catalog catalog = twoScenes();
        TasteState state = new TasteState();
        // an artist the catalog has no neighbours for, but tagged hip hop
        PlayEvent play = PlayEvent.of("cy", "Unknown MC", "t", null, T0, 0, "test");
        state.applyPlay(play, tags("hip hop", 1), S);
        Recommendations recs = new Recommender(catalog, 3).recommend(state.snapshot("cy", Trigger.of(play), S), T0);
        assertThat(recs.items()).extracting(RecommendedItem::artist)
                .containsExactlyInAnyOrder("Nas", "Wu-Tang Clan", "Mobb Deep");
        assertThat(recs.items().get(0).reason()).startsWith("matches tags you play most lately: hip hop 100%");
    }

    @Test
    void skippedBannedAndJustPlayedArtistsAreLeftOutAndALikeIsNamed() {
        Catalog catalog = twoScenes();
        TasteState state = new TasteState();
        TasteSnapshot before = afterPlays(state, catalog, "ana", "Mogwai");
        assertThat(new Recommender(catalog, 5).recommend(before, T0).items()).extracting(RecommendedItem::artist)
                .contains("Explosions in the Sky", "Godspeed You! Black Emperor");
        state.applyFeedback(FeedbackEvent.of("ana", FeedbackType.SKIP, ItemRef.artist("Explosions in the Sky"),
                T0.plusSeconds(600), "test"), List.of(), S);
        state.applyFeedback(FeedbackEvent.of("ana", FeedbackType.BAN, ItemRef.artist("Godspeed You! Black Emperor"),
                T0.plusSeconds(610), "test"), List.of(), S);
        FeedbackEvent like = FeedbackEvent.of("ana", FeedbackType.LIKE, ItemRef.artist("Mogwai"),
                T0.plusSeconds(620), "test");
        state.applyFeedback(like, catalog.artist("Mogwai").orElseThrow().tags(), S);
        Recommendations after = new Recommender(catalog, 5).recommend(state.snapshot("ana", Trigger.of(like), S), T0);
        assertThat(after.items()).extracting(RecommendedItem::artist)
                .doesNotContain("Explosions in the Sky", "Godspeed You! Black Emperor", "Mogwai")
                .first().isEqualTo("Mono");
        assertThat(after.items().get(0).reason()).startsWith("because you liked Mogwai");
        assertThat(after.trigger().kind()).isEqualTo(Trigger.Kind.LIKE);
    }

    @Test
    void withNoTasteYetItFallsBackToPopularArtistsAndSaysSo() {
        Catalog catalog = twoScenes();
        TasteState empty = new TasteState();
        empty.latestMillis = T0.toEpochMilli();
        Recommendations recs = new Recommender(catalog, 2).recommend(empty.snapshot("new", null, S), T0);
        assertThat(recs.items()).extracting(RecommendedItem::artist).containsExactly("Pop Star", "Mogwai");
        assertThat(recs.items().get(0).reason()).contains("do not know your taste yet");
    }
}
