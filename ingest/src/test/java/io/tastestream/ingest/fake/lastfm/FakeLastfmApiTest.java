package io.tastestream.ingest.fake.lastfm;

import static org.assertj.core.api.Assertions.assertThat;

import de.umass.lastfm.Artist;
import de.umass.lastfm.Caller;
import de.umass.lastfm.PaginatedResult;
import de.umass.lastfm.Tag;
import de.umass.lastfm.Track;
import de.umass.lastfm.User;
import io.tastestream.ingest.lastfm.LastfmClient;
import io.tastestream.ingest.lastfm.LastfmOutcome;
import io.tastestream.ingest.lastfm.RecentTracksPage;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The fake's answers as lastfm-java itself reads them, and as {@link LastfmClient} classifies them. */
class FakeLastfmApiTest {
    private static final String KEY = "fake-test-key";
    private FakeLastfmApi fake;
    private LastfmClient client;

    @BeforeEach
    void start() throws Exception {
        fake = FakeLastfmApi.start(KEY);
        client = new LastfmClient(fake.url(), KEY, "tastestream-test");
    }

    @AfterEach
    void stop() {
        fake.close();
    }

    @Test
    void recentTracksPagesAsTheLibraryParsesThemWithNowPlayingFirst() {
        Instant t = Instant.parse("2025-05-01T10:00:00Z");
        for (int i = 0; i < 5; i++) {
            fake.addScrobble("rj", "Sigur Rós & <Friends>", "Track " + i, "Ágætis byrjun", t.plusSeconds(i * 300L));
        }
        fake.setNowPlaying("rj", "Low", "Words");
        Caller.getInstance().setApiRootUrl(fake.url());
        Caller.getInstance().setCache(null);

        PaginatedResult<Track> page1 = User.getRecentTracks("rj", 1, 2, KEY);

        assertThat(page1.getTotalPages()).isEqualTo(3);
        List<Track> rows = new ArrayList<>(page1.getPageResults());
        assertThat(rows).hasSize(3);
        assertThat(rows.get(0).isNowPlaying()).isTrue();
        assertThat(rows.get(0).getPlayedWhen()).isNull();
        assertThat(rows.get(1).getArtist()).isEqualTo("Sigur Rós & <Friends>");
        assertThat(rows.get(1).getName()).isEqualTo("Track 4");
        assertThat(rows.get(1).getAlbum()).isEqualTo("Ágætis byrjun");
        assertThat(rows.get(1).getPlayedWhen().toInstant()).isEqualTo(t.plusSeconds(1200));
        assertThat(new ArrayList<>(User.getRecentTracks("rj", 3, 2, KEY).getPageResults()))
                .extracting(Track::getName).containsExactly("Track 0");

        LastfmOutcome<RecentTracksPage> window = client.recentTracks("rj", 1, 200,
                t.plusSeconds(300).getEpochSecond(), t.plusSeconds(900).getEpochSecond());
        assertThat(window.value().total()).isEqualTo(3);
        assertThat(window.value().rows()).extracting(RecentTracksPage.Row::track)
                .containsExactly("Words", "Track 3", "Track 2", "Track 1");
    }

    @Test
    void topTagsAsTheLibraryParsesThem() {
        fake.setArtistTags("Mogwai", Map.of("post-rock", 100));
        fake.setTrackTags("Mogwai", "Auto Rock", Map.of("instrumental", 41));
        Caller.getInstance().setApiRootUrl(fake.url());
        Collection<Tag> tags = Artist.getTopTags("mogwai", KEY);
        assertThat(tags).extracting(Tag::getName, Tag::getCount).containsExactly(
                org.assertj.core.groups.Tuple.tuple("post-rock", 100));
        assertThat(Track.getTopTags("Mogwai", "Auto Rock", KEY)).extracting(Tag::getName)
                .containsExactly("instrumental");
    }

    @Test
    void errorsAreClassifiedFromTheLastResultNotThrown() {
        assertThat(client.artistTopTags("Nobody").kind()).isEqualTo(LastfmOutcome.Kind.NOT_FOUND);
        assertThat(client.artistTopTags("Nobody").errorCode()).isEqualTo(6);
        assertThat(client.recentTracks("nobody", 1, 10, 0, 0).message()).contains("User not found");

        fake.setArtistTags("X", Map.of("a", 1));
        fake.failNext(LastfmClient.ARTIST_TOP_TAGS, FakeLastfmApi.Fault.RATE_LIMIT, 1)
                .failNext(LastfmClient.ARTIST_TOP_TAGS, FakeLastfmApi.Fault.SERVER_ERROR, 1)
                .failNext(LastfmClient.ARTIST_TOP_TAGS, FakeLastfmApi.Fault.MALFORMED, 1);
        LastfmOutcome<List<Tag>> limited = client.artistTopTags("X");
        assertThat(limited.kind()).isEqualTo(LastfmOutcome.Kind.RATE_LIMITED);
        assertThat(limited.errorCode()).isEqualTo(29);
        LastfmOutcome<List<Tag>> unavailable = client.artistTopTags("X");
        assertThat(unavailable.kind()).isEqualTo(LastfmOutcome.Kind.TRANSIENT);
        assertThat(unavailable.label()).isEqualTo("http-503");
        LastfmOutcome<List<Tag>> malformed = client.artistTopTags("X");
        assertThat(malformed.kind()).isEqualTo(LastfmOutcome.Kind.TRANSIENT);
        assertThat(client.artistTopTags("X").isOk()).isTrue();

        LastfmOutcome<List<Tag>> badKey = new LastfmClient(fake.url(), "not-the-key", "t").artistTopTags("X");
        assertThat(badKey.kind()).isEqualTo(LastfmOutcome.Kind.FATAL);
        assertThat(badKey.errorCode()).isEqualTo(10);
        assertThat(badKey.message()).doesNotContain("not-the-key");
    }

    @Test
    void countsRequestsInTheBusiestWindow() throws Exception {
        fake.setArtistTags("X", Map.of("a", 1));
        for (int i = 0; i < 3; i++) {
            client.artistTopTags("X");
        }
        assertThat(fake.maxRequestsInAnyWindow(java.util.concurrent.TimeUnit.SECONDS.toNanos(60))).isEqualTo(3);
        assertThat(fake.maxRequestsInAnyWindow(1)).isEqualTo(1);
    }
}
