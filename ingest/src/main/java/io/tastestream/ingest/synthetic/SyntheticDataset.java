package io.tastestream.ingest.synthetic;

import java.time.Instant;
import java.util.List;

/**
 * A generated dataset in memory. {@link SyntheticDatasetWriter} writes it as a HetRec directory plus plays.tsv.
 *
 * @param reference      the plays end before this instant; derived from the seed
 * @param windowStart    the plays start at or after this instant
 * @param plays          sorted by user, then time ascending
 * @param tagAssignments userID, artistID, tag, day (rows of user_taggedartists.dat)
 * @param friendships    undirected pairs (a &lt; b), written in both directions
 */
public record SyntheticDataset(SyntheticSettings settings, Instant reference, Instant windowStart,
                               List<String> tags, List<SyntheticArtist> artists, List<SyntheticUser> users,
                               List<SyntheticPlay> plays, List<TagAssignmentRow> tagAssignments,
                               List<int[]> friendships) {

    /** One tag assignment: a user tagged an artist on a day. */
    public record TagAssignmentRow(int userId, int artistId, String tag, java.time.LocalDate date) {}

    public SyntheticArtist artist(int id) {
        return artists.get(id - 1);
    }

    public SyntheticUser user(int id) {
        return users.get(id - 1);
    }
}
