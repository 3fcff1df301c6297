package io.tastestream.core.dedup;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.PlayEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class CrossSourcePlayMatcherTest {
    private static final Instant END = Instant.parse("2026-11-25T09:00:00Z");
    private static final long LENGTH_MS = 283_000;   // 4:43

    private static PlayEvent spotify(String track, Instant end, long ms) {
        return PlayEvent.of("alice", "Mogwai", track, "Mr Beast", end, ms, "spotify");
    }

    private static PlayEvent lastfm(String user, String artist, String track, Instant scrobbled) {
        return PlayEvent.of(user, artist, track, null, scrobbled, 0, "lastfm");
    }

    @Test
    void aScrobbleStampedAtTheStartIsTheSpotifyPlayStampedAtTheEnd() {
        PlayEvent sp = spotify("Auto Rock", END, LENGTH_MS);
        Instant start = END.minusMillis(LENGTH_MS);

        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "mogwai", "auto rock", start))).isTrue();
        // either order, and with the app's delays and clock skew
        assertThat(CrossSourcePlayMatcher.samePlay(lastfm("alice", "Mogwai", "Auto Rock", start.minusSeconds(80)), sp))
                .isTrue();
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "Mogwai", "Auto Rock", END.plusSeconds(80))))
                .isTrue();
        // outside the window: before the play could have started, or well after it ended
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "Mogwai", "Auto Rock", start.minusSeconds(100))))
                .isFalse();
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "Mogwai", "Auto Rock", END.plusSeconds(100))))
                .isFalse();
    }

    @Test
    void otherUsersTracksOrSourceFamiliesNeverMatch() {
        PlayEvent sp = spotify("Auto Rock", END, LENGTH_MS);
        Instant start = END.minusMillis(LENGTH_MS);
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("bob", "Mogwai", "Auto Rock", start))).isFalse();
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "Mogwai", "Friend of the Night", start)))
                .isFalse();
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "Mono", "Auto Rock", start))).isFalse();
        assertThat(CrossSourcePlayMatcher.samePlay(sp, spotify("Auto Rock", END, LENGTH_MS))).isFalse();
        assertThat(CrossSourcePlayMatcher.samePlay(sp,
                PlayEvent.of("alice", "Mogwai", "Auto Rock", null, start, 0, "manual"))).isFalse();
        PlayEvent history = PlayEvent.of("alice", "Mogwai", "Auto Rock", null, END, LENGTH_MS, "spotify-history");
        assertThat(CrossSourcePlayMatcher.samePlay(history, lastfm("alice", "Mogwai", "Auto Rock", start))).isTrue();
    }

    @Test
    void versionSuffixesAndFeaturedArtistsAreTheSameRecording() {
        assertThat(CrossSourcePlayMatcher.matchKey("Auto Rock - 2011 Remastered")).isEqualTo("auto rock");
        assertThat(CrossSourcePlayMatcher.matchKey("Auto Rock (Remastered 2011)")).isEqualTo("auto rock");
        assertThat(CrossSourcePlayMatcher.matchKey("Song (feat. Someone)")).isEqualTo("song");
        assertThat(CrossSourcePlayMatcher.matchKey("Song - Radio Edit")).isEqualTo("song");
        assertThat(CrossSourcePlayMatcher.matchKey("Stereo Love")).isEqualTo("stereo love");
        assertThat(CrossSourcePlayMatcher.matchKey("Mono")).isEqualTo("mono");
        PlayEvent sp = spotify("Auto Rock - 2011 Remastered", END, LENGTH_MS);
        assertThat(CrossSourcePlayMatcher.samePlay(sp,
                lastfm("alice", "Mogwai", "Auto Rock", END.minusMillis(LENGTH_MS)))).isTrue();
    }

    @Test
    void unknownLengthWidensTheWindowToTenMinutes() {
        PlayEvent sp = spotify("Auto Rock", END, 0);
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "Mogwai", "Auto Rock", END.minusSeconds(600))))
                .isTrue();
        assertThat(CrossSourcePlayMatcher.samePlay(sp, lastfm("alice", "Mogwai", "Auto Rock", END.minusSeconds(700))))
                .isFalse();
    }

    @Test
    void theSameTrackTwiceInARowPairsEachScrobbleWithItsOwnPlay() {
        Duration len = Duration.ofMillis(LENGTH_MS);
        PlayEvent first = spotify("Auto Rock", END, LENGTH_MS);
        PlayEvent second = spotify("Auto Rock", END.plus(len), LENGTH_MS);
        // the second scrobble starts exactly when the first play ends: inside both windows
        PlayEvent scrobble1 = lastfm("alice", "Mogwai", "Auto Rock", END.minus(len).plusSeconds(2));
        PlayEvent scrobble2 = lastfm("alice", "Mogwai", "Auto Rock", END.plusSeconds(1));
        assertThat(CrossSourcePlayMatcher.samePlay(first, scrobble2)).isTrue();

        List<CrossSourcePlayMatcher.Pair> pairs = CrossSourcePlayMatcher.pairs(List.of(first, second),
                List.of(scrobble2, scrobble1));

        assertThat(pairs).containsExactlyInAnyOrder(new CrossSourcePlayMatcher.Pair(first, scrobble1),
                new CrossSourcePlayMatcher.Pair(second, scrobble2));
    }

    @Test
    void dedupKeepsSpotifyAndScrobblesSpotifyNeverSaw() {
        PlayEvent sp = spotify("Auto Rock", END, LENGTH_MS);
        PlayEvent itsScrobble = lastfm("alice", "Mogwai", "Auto Rock", END.minusMillis(LENGTH_MS));
        PlayEvent vinyl = lastfm("alice", "Low", "Words", END.minus(Duration.ofHours(3)));
        PlayEvent again = lastfm("alice", "Mogwai", "Auto Rock", END.plus(Duration.ofHours(1)));

        assertThat(CrossSourcePlayMatcher.dedup(List.of(itsScrobble, vinyl, sp, again)))
                .containsExactly(vinyl, sp, again);
        assertThat(CrossSourcePlayMatcher.winner(itsScrobble, sp)).isSameAs(sp);
        assertThat(CrossSourcePlayMatcher.winner(sp, itsScrobble)).isSameAs(sp);
    }

    /** Spotify's account-data export: names and the minute the play ended, no track URI (a name-based playId). */
    private static PlayEvent accountData(String track, Instant endMinute, long ms) {
        return PlayEvent.of("alice", "Mogwai", track, null, endMinute, ms, "spotify-history");
    }

    @Test
    void anAccountDataRecordIsTheSpotifyPlayThatEndedWithinItsMinute() {
        Instant minute = Instant.parse("2026-11-25T08:59:00Z");
        Instant end = minute.plusSeconds(42); // the poller's play ended 42 s into that minute
        PlayEvent polled = spotify("Auto Rock", end, LENGTH_MS);
        PlayEvent exported = accountData("Auto Rock", minute, LENGTH_MS);
        PlayEvent extended = new PlayEvent(1, "spotify:0123456789abcdef01234567", "alice", "Mogwai",
                "Auto Rock", null, end, LENGTH_MS, "spotify-history");

        assertThat(CrossSourcePlayMatcher.namesOnly(exported)).isTrue();
        assertThat(CrossSourcePlayMatcher.namesOnly(polled)).isFalse();
        assertThat(CrossSourcePlayMatcher.namesOnly(extended)).as("an extended export row has the track id").isFalse();
        assertThat(CrossSourcePlayMatcher.sameSpotifyPlay(polled, exported)).isTrue();
        assertThat(CrossSourcePlayMatcher.sameSpotifyPlay(extended, exported)).isTrue();
        assertThat(CrossSourcePlayMatcher.sameSpotifyPlay(exported, polled)).as("arguments in their roles").isFalse();
        assertThat(CrossSourcePlayMatcher.sameSpotifyPlay(polled, accountData("Auto Rock", minute.minusSeconds(60),
                LENGTH_MS))).as("the minute before").isFalse();
        assertThat(CrossSourcePlayMatcher.sameSpotifyPlay(polled, accountData("Auto Rock", minute.plusSeconds(60),
                LENGTH_MS))).as("the minute after").isFalse();
        assertThat(CrossSourcePlayMatcher.sameSpotifyPlay(polled, accountData("Helicon 1", minute, LENGTH_MS)))
                .isFalse();
        assertThat(CrossSourcePlayMatcher.sameSpotifyPlay(polled, PlayEvent.of("bob", "Mogwai", "Auto Rock", null,
                minute, LENGTH_MS, "spotify-history"))).isFalse();
    }

    @Test
    void dedupKeepsTheRecordWithTheTrackIdOfAPlayReportedThreeWays() {
        Instant minute = Instant.parse("2026-11-25T08:59:00Z");
        PlayEvent polled = spotify("Auto Rock", minute.plusSeconds(42), LENGTH_MS);
        PlayEvent exported = accountData("Auto Rock", minute, LENGTH_MS);
        PlayEvent scrobbled = lastfm("alice", "Mogwai", "Auto Rock", minute.plusSeconds(42).minusMillis(LENGTH_MS));
        Instant later = minute.plus(Duration.ofHours(2)); // a play Spotify exported and Last.fm scrobbled only
        PlayEvent exportedOnly = accountData("Auto Rock", later, LENGTH_MS);
        PlayEvent itsScrobble = lastfm("alice", "Mogwai", "Auto Rock", later.minusMillis(LENGTH_MS).plusSeconds(20));

        assertThat(CrossSourcePlayMatcher.dedup(List.of(scrobbled, exported, exportedOnly, itsScrobble, polled)))
                .containsExactly(exportedOnly, polled);
        assertThat(CrossSourcePlayMatcher.winner(exported, polled)).isSameAs(polled);
        assertThat(CrossSourcePlayMatcher.winner(scrobbled, exported)).isSameAs(exported);
    }

    @Test
    void twoExportedPlaysOfOneTrackInOneMinutePairOneToOne() {
        Instant minute = Instant.parse("2026-11-25T08:59:00Z");
        PlayEvent first = spotify("Short", minute.plusSeconds(25), 20_000);
        PlayEvent second = spotify("Short", minute.plusSeconds(48), 20_000);
        PlayEvent exportedFirst = new PlayEvent(1, "spotify-history:a", "alice", "Mogwai", "Short", null,
                minute, 20_000, "spotify-history");
        PlayEvent exportedSecond = new PlayEvent(1, "spotify-history:b", "alice", "Mogwai", "Short", null,
                minute, 20_000, "spotify-history");

        assertThat(CrossSourcePlayMatcher.spotifyPairs(List.of(first, second), List.of(exportedFirst,
                exportedSecond))).hasSize(2).extracting(CrossSourcePlayMatcher.SpotifyPair::namesOnly)
                .containsExactlyInAnyOrder(exportedFirst, exportedSecond);
    }
}
