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
}
