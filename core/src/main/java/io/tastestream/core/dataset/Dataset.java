package io.tastestream.core.dataset;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * A HetRec 2011 Last.fm dataset (or the union of several), as read by {@link HetRecReader}. Immutable.
 *
 * @param sources        the directories it was read from, in order
 * @param artists        artist id → name, from {@code artists.dat}
 * @param tags           tag id → value as written in {@code tags.dat}
 * @param userArtists    {@code user_artists.dat} rows
 * @param tagAssignments {@code user_taggedartists.dat} rows, without those {@link #dropped()}
 * @param friendships    {@code user_friends.dat} rows
 * @param malformed      lines that could not be read and were skipped
 * @param dropped        well-formed lines left out on purpose (tag assignments dated before
 *                       {@link HetRecReader#MIN_TAG_YEAR})
 */
public record Dataset(
        List<Path> sources,
        Map<Integer, String> artists,
        Map<Integer, String> tags,
        List<UserArtist> userArtists,
        List<TagAssignment> tagAssignments,
        List<Friendship> friendships,
        List<LineIssue> malformed,
        List<LineIssue> dropped) {

    public Dataset {
        sources = List.copyOf(sources);
        artists = Map.copyOf(artists);
        tags = Map.copyOf(tags);
        userArtists = List.copyOf(userArtists);
        tagAssignments = List.copyOf(tagAssignments);
        friendships = List.copyOf(friendships);
        malformed = List.copyOf(malformed);
        dropped = List.copyOf(dropped);
    }

    /**
     * The artist's name, or a stand-in for ids that rows reference but {@code artists.dat} lacks (the source data
     * has such ids in its tag assignments): those artists are kept rather than losing their rows.
     */
    public String artistName(int artistId) {
        String name = artists.get(artistId);
        return name != null ? name : unknownArtistName(artistId);
    }

    public static String unknownArtistName(int artistId) {
        return "unknown artist #" + artistId;
    }

    /** Distinct users with listening or tagging rows. */
    public Set<Integer> users() {
        Set<Integer> users = new TreeSet<>();
        userArtists.forEach(r -> users.add(r.userId()));
        tagAssignments.forEach(r -> users.add(r.userId()));
        return users;
    }

    /** The sources as one string, for a catalog manifest or a log line. */
    public String describeSources() {
        return String.join(",", sources.stream().map(Path::toString).toList());
    }
}
