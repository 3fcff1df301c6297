package io.tastestream.taste.functions;

import static io.tastestream.taste.testing.TestEvents.T0;
import static io.tastestream.taste.testing.TestEvents.tags;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.taste.records.EnrichedEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.state.rocksdb.EmbeddedRocksDBStateBackend;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

/**
 * The cross-source dedup of the taste job, through {@link TasteOperator} (deferred writes, RocksDB) as the job runs
 * it: a Spotify play and its Last.fm scrobble count once, as the Spotify play, whichever arrives first; repeats of a
 * track pair one-to-one; unpaired scrobbles and other sources count as before; the index survives a restore.
 */
class CrossSourceDedupTest {
    private static final TasteSettings SETTINGS = TasteSettings.defaults();
    private static final Duration EMIT_INTERVAL = Duration.ofSeconds(1);
    private static final Duration TRACK = Duration.ofMinutes(4);
    private static final List<WeightedTag> SPOTIFY_TAGS = tags("post-rock", 2, "scottish", 1);
    /** The scrobble was enriched earlier, with other tags: taking it back must use these. */
    private static final List<WeightedTag> SCROBBLE_TAGS = tags("post-rock", 1, "instrumental", 1);

    /** Spotify stamps the end of a play: the track played fully, ending at {@code end}. */
    private static PlayEvent spotify(Instant end) {
        return PlayEvent.of("alice", "Mogwai", "Auto Rock", "Mr Beast", end, TRACK.toMillis(), "spotify");
    }

    /** Last.fm stamps the start, spells the track its own way and does not know the length. */
    private static PlayEvent scrobble(Instant start) {
        return PlayEvent.of("alice", "mogwai", "Auto Rock - 2016 Remaster", null, start, 0, "lastfm");
    }

    /** Spotify's account-data export: names, the minute the play ended, no track URI (so a name-based playId). */
    private static PlayEvent exported(Instant endMinute) {
        return PlayEvent.of("alice", "Mogwai", "Auto Rock", null, endMinute, TRACK.toMillis(), "spotify-history");
    }

    /** The export was imported earlier too, its plays enriched with tags of their own: taking one back uses these. */
    private static final List<WeightedTag> EXPORT_TAGS = tags("post-rock", 1, "glasgow", 1);

    private static EnrichedEvent enriched(PlayEvent play) {
        List<WeightedTag> tags = switch (play.source()) {
            case "lastfm" -> SCROBBLE_TAGS;
            case "spotify-history" -> EXPORT_TAGS;
            default -> SPOTIFY_TAGS;
        };
        return EnrichedEvent.of(play, tags);
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> harness()
            throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(new TasteOperator(new TasteFunction(SETTINGS,
                Duration.ofDays(30), Duration.ofDays(365), EMIT_INTERVAL)), EnrichedEvent::userId, Types.STRING);
        h.setStateBackend(new EmbeddedRocksDBStateBackend());
        return h;
    }

    private static void feed(KeyedOneInputStreamOperatorTestHarness<String, EnrichedEvent, TasteSnapshot> h,
                             PlayEvent... plays) throws Exception {
        for (PlayEvent p : plays) {
            h.processElement(enriched(p), p.playedAt().toEpochMilli());
        }
    }

    /** The plays in this order, then the pending snapshot. */
    private static TasteSnapshot run(PlayEvent... plays) throws Exception {
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.open();
            feed(h, plays);
            h.setProcessingTime(EMIT_INTERVAL.toMillis());
            List<TasteSnapshot> out = h.extractOutputValues();
            assertThat(out).isNotEmpty();
            return out.get(out.size() - 1);
        }
    }

    /** The taste of exactly these plays, each applied once with the tags it arrives with. */
    private static TasteSnapshot expected(PlayEvent... plays) {
        TasteState state = new TasteState();
        for (PlayEvent p : plays) {
            state.applyPlay(p, enriched(p).artistTags(), SETTINGS);
        }
        return state.snapshot("alice", Trigger.of(plays[plays.length - 1]), SETTINGS);
    }

    private static void assertSameTaste(TasteSnapshot actual, TasteSnapshot expected) {
        assertThat(actual.eventsApplied()).isEqualTo(expected.eventsApplied());
        assertThat(actual.asOf()).isEqualTo(expected.asOf());
        assertSameWeights(actual.topTags(), expected.topTags());
        assertSameWeights(actual.topArtists(), expected.topArtists());
        assertThat(actual.recentPlays()).containsExactlyInAnyOrderElementsOf(expected.recentPlays());
    }

    /**
     * Same names (by key: which spelling of "Mogwai" is shown depends on arrival order, the weights must not) and
     * the same weights to 1e-9 relative.
     */
    private static void assertSameWeights(List<Weighted> actual, List<Weighted> expected) {
        assertThat(actual).extracting(w -> Names.key(w.name()))
                .containsExactlyInAnyOrderElementsOf(expected.stream().map(w -> Names.key(w.name())).toList());
        for (Weighted e : expected) {
            double a = actual.stream().filter(w -> Names.key(w.name()).equals(Names.key(e.name()))).findFirst()
                    .orElseThrow().weight();
            assertThat(a).as(e.name()).isCloseTo(e.weight(), within(1e-9 * Math.abs(e.weight())));
        }
    }

    @Test
    void aSpotifyPlayAndItsScrobbleGiveTheTasteOfTheSpotifyPlayAloneInEitherOrder() throws Exception {
        Instant end = T0.plus(TRACK);
        PlayEvent spotify = spotify(end);
        PlayEvent scrobble = scrobble(T0.plusSeconds(3));
        TasteSnapshot spotifyAlone = expected(spotify);

        assertSameTaste(run(spotify, scrobble), spotifyAlone);
        TasteSnapshot scrobbleFirst = run(scrobble, spotify);
        assertSameTaste(scrobbleFirst, spotifyAlone);
        assertThat(scrobbleFirst.topTags()).extracting(Weighted::name).as("the scrobble's tags were taken back")
                .doesNotContain("instrumental");
    }

    @Test
    void twoPlaysOfTheSameTrackBackToBackPairOneToOneWhateverTheOrder() throws Exception {
        // the second scrobble (start of play 2) also lies in the window of play 1: closest first decides
        PlayEvent first = spotify(T0.plus(TRACK));
        PlayEvent second = spotify(T0.plus(TRACK).plus(TRACK));
        PlayEvent firstScrobble = scrobble(T0);
        PlayEvent secondScrobble = scrobble(T0.plus(TRACK).plusSeconds(2));
        TasteSnapshot spotifyOnly = expected(first, second);

        assertSameTaste(run(first, second, firstScrobble, secondScrobble), spotifyOnly);
        // adversarial: the second scrobble first meets play 1 alone and pairs with it, then must move to play 2
        assertSameTaste(run(secondScrobble, first, second, firstScrobble), spotifyOnly);
        assertSameTaste(run(secondScrobble, firstScrobble, second, first), spotifyOnly);
    }

    @Test
    void aScrobbleThatLosesItsPartnerToACloserOneCountsAgain() throws Exception {
        PlayEvent spotify = spotify(T0.plus(TRACK));
        PlayEvent farScrobble = scrobble(T0.plus(Duration.ofMinutes(2))); // paired at first: the only candidate
        PlayEvent closeScrobble = scrobble(T0.plusSeconds(1));
        assertSameTaste(run(spotify, farScrobble, closeScrobble), expected(spotify, farScrobble));
    }

    @Test
    void aPlayAcrossMidnightPairsAlthoughItsRecordsAreStoredUnderDifferentDays() throws Exception {
        Instant midnight = Instant.parse("2024-05-02T00:00:00Z");
        PlayEvent spotify = spotify(midnight.plusSeconds(60));
        PlayEvent scrobble = scrobble(midnight.minus(TRACK).plusSeconds(62));
        assertSameTaste(run(scrobble, spotify), expected(spotify));
        assertSameTaste(run(spotify, scrobble), expected(spotify));
    }

    @Test
    void aPartnerArrivingLaterThanTheDedupTtlCountsAsAPlayOfItsOwn() throws Exception {
        PlayEvent spotify = spotify(T0.plus(TRACK));
        PlayEvent scrobble = scrobble(T0.plusSeconds(3));
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.open();
            feed(h, scrobble);
            h.setProcessingTime(Duration.ofDays(30).toMillis()); // the documented bound: the index has forgotten
            feed(h, spotify);
            h.setProcessingTime(Duration.ofDays(30).plus(EMIT_INTERVAL).toMillis());
            List<TasteSnapshot> out = h.extractOutputValues();
            assertSameTaste(out.get(out.size() - 1), expected(scrobble, spotify));
        }
    }

    @Test
    void aScrobbleWithoutASpotifyPartnerCounts() throws Exception {
        PlayEvent spotify = spotify(T0.plus(TRACK));
        PlayEvent otherPlayer = scrobble(T0.plus(Duration.ofHours(2))); // another device, an hour later
        assertSameTaste(run(spotify, otherPlayer), expected(spotify, otherPlayer));
        assertSameTaste(run(otherPlayer, spotify), expected(spotify, otherPlayer));
    }

    @Test
    void playsOfOtherSourcesAreNotDeduplicatedAcrossSources() throws Exception {
        PlayEvent spotify = spotify(T0.plus(TRACK));
        PlayEvent manual = PlayEvent.of("alice", "Mogwai", "Auto Rock", null, T0.plusSeconds(3), 0, "manual");
        PlayEvent hetrec = PlayEvent.of("alice", "Mogwai", "Auto Rock", null, T0.plus(TRACK), 0, "hetrec");
        assertSameTaste(run(manual, spotify, hetrec), expected(manual, spotify, hetrec));
    }

    @Test
    void theIndexSurvivesACheckpointAndRestore() throws Exception {
        PlayEvent spotify = spotify(T0.plus(TRACK));
        PlayEvent scrobble = scrobble(T0.plusSeconds(3));
        List<TasteSnapshot> out = new ArrayList<>();
        OperatorSubtaskState state;
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.open();
            feed(h, scrobble); // counted: no partner yet; only in memory until the barrier
            h.prepareSnapshotPreBarrier(1L);
            state = h.snapshot(1L, 1L);
        }
        try (var h = harness()) {
            h.setProcessingTime(0);
            h.initializeState(state);
            h.open();
            feed(h, spotify, scrobble); // the partner arrives; the scrobble again is a redelivery
            h.setProcessingTime(EMIT_INTERVAL.toMillis());
            out.addAll(h.extractOutputValues());
        }
        assertThat(out).isNotEmpty();
        assertSameTaste(out.get(out.size() - 1), expected(spotify));
    }

    @Test
    void aPlayPolledExportedWithoutItsTrackIdAndScrobbledCountsOnceAsThePolledPlayInEveryOrder() throws Exception {
        Instant minute = Instant.parse("2024-05-01T12:04:00Z");
        PlayEvent polled = spotify(minute.plusSeconds(37)); // ended 37 s into the minute the export gives
        PlayEvent exported = exported(minute);
        PlayEvent scrobble = scrobble(minute.plusSeconds(37).minus(TRACK).plusSeconds(3));
        TasteSnapshot polledAlone = expected(polled);
        List<List<PlayEvent>> orders = List.of(List.of(polled, exported, scrobble), List.of(polled, scrobble, exported),
                List.of(exported, polled, scrobble), List.of(exported, scrobble, polled),
                List.of(scrobble, polled, exported), List.of(scrobble, exported, polled));

        for (List<PlayEvent> order : orders) {
            TasteSnapshot taste = run(order.toArray(PlayEvent[]::new));
            assertSameTaste(taste, polledAlone);
            assertThat(taste.topTags()).extracting(Weighted::name).as("what was taken back, in order %s",
                    order.stream().map(PlayEvent::source).toList()).doesNotContain("glasgow", "instrumental");
        }
    }

    @Test
    void anExportedPlayWithoutThePollersRecordStillReplacesItsScrobble() throws Exception {
        Instant minute = Instant.parse("2024-05-01T12:04:00Z");
        PlayEvent exported = exported(minute);
        PlayEvent scrobble = scrobble(minute.minus(TRACK).plusSeconds(30));
        PlayEvent playedAgain = spotify(minute.plus(TRACK).plusSeconds(30)); // the next play, not the exported one

        assertSameTaste(run(scrobble, exported), expected(exported));
        assertSameTaste(run(exported, playedAgain), expected(exported, playedAgain));
    }
}
