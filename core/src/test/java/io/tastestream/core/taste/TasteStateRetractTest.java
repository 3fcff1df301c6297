package io.tastestream.core.taste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.WeightedTag;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * {@link TasteState#retractPlay}: a Last.fm scrobble applied, then taken back when Spotify's record of the same play
 * arrives, then Spotify's applied, gives the taste of Spotify's record alone, whatever else arrived in between.
 */
class TasteStateRetractTest {
    /** Bounds far above what the tests use: exactness is promised under the bounds. */
    static final TasteSettings ROOMY = new TasteSettings(HalfLife.of(Duration.ofDays(90)), 1, 30_000, 5, -1, 20,
            1_000, 1_000, 1_000);
    static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    static final String[] ARTISTS = {"Mogwai", "Low", "Slowdive", "Khruangbin", "Four Tet", "Burial"};

    static List<WeightedTag> tagsOf(String artist, int version) {
        // the artist's tags change over time (a newer item-tags event): the retraction must use the applied ones
        return version == 0
                ? List.of(new WeightedTag("tag-" + artist, 3), new WeightedTag("shared", 1))
                : List.of(new WeightedTag("tag-" + artist, 1), new WeightedTag("other-" + artist, 2));
    }

    @Test
    void applyRetractApplyEqualsTheKeptRecordAloneInAnyOrder() {
        Random random = new Random(20261125);
        for (int trial = 0; trial < 200; trial++) {
            List<Consumer<TasteState>> others = otherEvents(random, 5 + random.nextInt(60));
            String artist = ARTISTS[random.nextInt(ARTISTS.length)];
            Instant end = T0.plusSeconds(random.nextInt(10_000_000));
            long length = 30_000 + random.nextInt(400_000);
            // Last.fm stamps the start, Spotify the end; the scrobble may even come out later (clock skew)
            Instant start = end.minusMillis(length).plusSeconds(random.nextInt(200) - 20);
            PlayEvent scrobble = PlayEvent.of("u", artist, "Track", null, start, 0, "lastfm");
            PlayEvent spotify = PlayEvent.of("u", artist, "Track", "Album", end,
                    random.nextBoolean() ? length : 10_000 + random.nextInt(20_000), "spotify");
            List<WeightedTag> scrobbleTags = tagsOf(artist, random.nextInt(2));
            List<WeightedTag> spotifyTags = tagsOf(artist, random.nextInt(2));

            // the kept record alone, the other events in some order
            List<Consumer<TasteState>> alone = new ArrayList<>(others);
            alone.add(random.nextInt(alone.size() + 1), s -> s.applyPlay(spotify, spotifyTags, ROOMY));
            TasteState expected = run(alone);

            // the scrobble first, somewhere; later, at once, its retraction and Spotify's record
            List<Consumer<TasteState>> withRetraction = new ArrayList<>(others);
            int at = random.nextInt(withRetraction.size() + 1);
            withRetraction.add(at, s -> s.applyPlay(scrobble, scrobbleTags, ROOMY));
            int later = at + 1 + random.nextInt(withRetraction.size() - at);
            withRetraction.add(later, s -> {
                s.retractPlay(scrobble, scrobbleTags, ROOMY);
                s.applyPlay(spotify, spotifyTags, ROOMY);
            });
            TasteState actual = run(withRetraction);

            assertSameTaste(actual, expected, "trial " + trial);
        }
    }

    @Test
    void retractingTheOnlyPlayLeavesAnEmptyState() {
        TasteState s = new TasteState();
        PlayEvent p = PlayEvent.of("u", "Mogwai", "Auto Rock", null, T0, 0, "lastfm");
        s.applyPlay(p, tagsOf("Mogwai", 0), ROOMY);
        s.retractPlay(p, tagsOf("Mogwai", 0), ROOMY);
        assertThat(s.artists).isEmpty();
        assertThat(s.tags).isEmpty();
        assertThat(s.artistNames).isEmpty();
        assertThat(s.tagNames).isEmpty();
        assertThat(s.recentPlays).isEmpty();
        assertThat(s.eventsApplied).isZero();
        assertThat(s.latestMillis).isEqualTo(Long.MIN_VALUE);
    }

    @Test
    void retractingFromAPrunedArtistCreatesNoEntry() {
        TasteSettings tight = new TasteSettings(HalfLife.of(Duration.ofDays(90)), 1, 30_000, 5, -1, 20, 50, 10, 10);
        TasteState s = new TasteState();
        PlayEvent scrobble = PlayEvent.of("u", "Obscure", "t", null, T0, 0, "lastfm");
        s.applyPlay(scrobble, List.of(new WeightedTag("rare", 1)), tight);
        // heavier artists push "Obscure" (weight 1, oldest) out of the 10 kept
        for (int i = 0; i < 12; i++) {
            for (int k = 0; k < 3; k++) {
                s.applyPlay(PlayEvent.of("u", "Artist " + i, "t" + k, null, T0.plusSeconds(60L * (3 * i + k + 1)),
                        0, "test"), List.of(new WeightedTag("tag " + i, 1)), tight);
            }
        }
        assertThat(s.artists).doesNotContainKey("obscure");
        assertThat(s.tags).doesNotContainKey("rare");

        s.retractPlay(scrobble, List.of(new WeightedTag("rare", 1)), tight);

        assertThat(s.artists).doesNotContainKey("obscure");
        assertThat(s.tags).doesNotContainKey("rare");
        assertThat(s.artists.values()).allSatisfy(w -> assertThat(w.value()).isPositive());
        assertThat(s.tags.values()).allSatisfy(w -> assertThat(w.value()).isPositive());
    }

    @Test
    void aRetractedStateKeepsItsJsonShapeAndSurvivesItsSerde() throws Exception {
        TasteState s = new TasteState();
        PlayEvent scrobble = PlayEvent.of("u", "Mogwai", "Auto Rock", null, T0, 0, "lastfm");
        s.applyPlay(PlayEvent.of("u", "Low", "Words", null, T0.minusSeconds(600), 0, "test"), tagsOf("Low", 0),
                ROOMY);
        s.applyPlay(scrobble, tagsOf("Mogwai", 0), ROOMY);
        s.applyFeedback(FeedbackEvent.of("u", FeedbackType.LIKE, ItemRef.artist("Low"), T0, "test"), List.of(),
                ROOMY);
        s.retractPlay(scrobble, tagsOf("Mogwai", 0), ROOMY);
        s.applyPlay(PlayEvent.of("u", "Mogwai", "Auto Rock", null, T0.plusSeconds(283), 283_000, "spotify"),
                tagsOf("Mogwai", 1), ROOMY);

        byte[] json = TasteState.SERDE.encode(s);
        Set<String> fields = new TreeSet<>();
        Iterator<String> names = new ObjectMapper().readTree(json).fieldNames();
        names.forEachRemaining(fields::add);
        // the same fields as before retraction existed: old state in RocksDB and savepoints still reads
        assertThat(fields).containsExactlyInAnyOrder("tags", "artists", "artistNames", "tagNames", "recentPlays",
                "liked", "skipped", "banDecisions", "latestMillis", "eventsApplied");
        TasteState copy = TasteState.SERDE.decode(json);
        Trigger trigger = new Trigger(Trigger.Kind.PLAY, ItemRef.artist("Mogwai"), T0);
        assertThat(copy.snapshot("u", trigger, ROOMY)).isEqualTo(s.snapshot("u", trigger, ROOMY));
        assertSameTaste(copy, s, "after serde");
    }

    static List<Consumer<TasteState>> otherEvents(Random random, int n) {
        List<Consumer<TasteState>> events = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            String artist = ARTISTS[random.nextInt(ARTISTS.length)];
            Instant at = T0.plusSeconds(random.nextInt(10_000_000));
            List<WeightedTag> tags = tagsOf(artist, random.nextInt(2));
            int kind = random.nextInt(10);
            if (kind < 7) {
                PlayEvent p = PlayEvent.of("u", artist, "t" + i, null, at, random.nextInt(60_000),
                        random.nextBoolean() ? "lastfm" : "spotify");
                events.add(s -> s.applyPlay(p, tags, ROOMY));
            } else {
                FeedbackType type = FeedbackType.values()[kind - 7];
                FeedbackEvent f = FeedbackEvent.of("u", type, ItemRef.artist(artist), at, "test");
                events.add(s -> s.applyFeedback(f, tags, ROOMY));
            }
        }
        return events;
    }

    static TasteState run(List<Consumer<TasteState>> events) {
        TasteState s = new TasteState();
        events.forEach(e -> e.accept(s));
        return s;
    }

    /** Same weights for every artist and tag (absent = 0) at the same time, same lists, counts and times. */
    static void assertSameTaste(TasteState actual, TasteState expected, String what) {
        assertThat(actual.latestMillis).as(what + ": latestMillis").isEqualTo(expected.latestMillis);
        assertThat(actual.eventsApplied).as(what + ": eventsApplied").isEqualTo(expected.eventsApplied);
        assertThat(actual.recentPlays).as(what + ": recentPlays").isEqualTo(expected.recentPlays);
        assertThat(actual.liked).as(what + ": liked").isEqualTo(expected.liked);
        assertThat(actual.skipped).as(what + ": skipped").isEqualTo(expected.skipped);
        assertThat(actual.banDecisions).as(what + ": bans").isEqualTo(expected.banDecisions);
        Set<String> artists = new HashSet<>(actual.artists.keySet());
        artists.addAll(expected.artists.keySet());
        for (String a : artists) {
            assertThat(actual.artistWeight(a, ROOMY)).as(what + ": artist " + a)
                    .isCloseTo(expected.artistWeight(a, ROOMY), within(1e-9));
        }
        Set<String> tags = new HashSet<>(actual.tags.keySet());
        tags.addAll(expected.tags.keySet());
        for (String t : tags) {
            assertThat(actual.tagWeight(t, ROOMY)).as(what + ": tag " + t)
                    .isCloseTo(expected.tagWeight(t, ROOMY), within(1e-9));
        }
        // display names of what both show
        for (String a : expected.artistNames.keySet()) {
            if (expected.artistWeight(a, ROOMY) != 0) {
                assertThat(actual.artistNames.get(a)).as(what + ": name of " + a)
                        .isEqualTo(expected.artistNames.get(a));
            }
        }
    }
}
