package io.tastestream.ingest.lastfm;

import de.umass.lastfm.Track;
import java.time.Instant;
import java.util.List;

/** One page of user.getRecentTracks as read by lastfm-java, row by row. */
public record RecentTracksPage(int page, int totalPages, int total, List<Row> rows) {

    /**
     * One {@code <track>} element: {@code index} is its 1-based position on the page; {@code problem} is set when
     * the library could not read it.
     */
    public record Row(int index, String artist, String track, String album, Instant scrobbledAt, boolean nowPlaying,
                      String problem) {

        static Row of(int index, Track t, boolean nowPlaying) {
            return new Row(index, t.getArtist(), t.getName(), t.getAlbum(),
                    t.getPlayedWhen() == null ? null : t.getPlayedWhen().toInstant(),
                    nowPlaying || t.isNowPlaying(), null);
        }

        static Row unreadable(int index, boolean nowPlaying, String problem) {
            return new Row(index, null, null, null, null, nowPlaying, problem);
        }
    }
}
