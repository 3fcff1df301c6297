package io.tastestream.ingest.dataset;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A dataset as read from disk: the HetRec 2011 files that were present, plus plays from a Last.fm-1K play file.
 * Lists are empty for files that were absent. Only good rows are here; skipped lines are in {@link #problems()}.
 *
 * @param location     the directory or play file that was read
 * @param hasPlayFile  whether there were timestamped plays (plays.tsv, or a play file given directly)
 * @param problemCount all skipped lines; {@link #problems()} keeps the first {@link Problems#KEPT}
 * @param problemKinds  skipped lines counted per file and kind of problem (see {@link Problems#kinds()})
 * @param rowsKept     file name to rows kept, in reading order (for summaries)
 */
public record Dataset(Path location, DatasetKind kind, List<Artist> artists, List<Tag> tags,
                      List<UserArtist> userArtists, List<TagAssignment> tagAssignments, List<Friendship> friendships,
                      List<PlayRow> plays, boolean hasPlayFile, long problemCount, List<LineProblem> problems,
                      Map<String, Long> problemKinds, Map<String, Long> rowsKept) {

    public Dataset {
        artists = List.copyOf(artists);
        tags = List.copyOf(tags);
        userArtists = List.copyOf(userArtists);
        tagAssignments = List.copyOf(tagAssignments);
        friendships = List.copyOf(friendships);
        plays = List.copyOf(plays);
        problems = List.copyOf(problems);
        problemKinds = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(problemKinds));
        rowsKept = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(rowsKept));
    }

    public Map<Integer, Artist> artistsById() {
        Map<Integer, Artist> byId = new LinkedHashMap<>();
        artists.forEach(a -> byId.put(a.id(), a));
        return byId;
    }

    public Map<Integer, String> tagsById() {
        Map<Integer, String> byId = new LinkedHashMap<>();
        tags.forEach(t -> byId.put(t.id(), t.value()));
        return byId;
    }

    /** "artists.dat 300, tags.dat 24, ..." */
    public String describeRows() {
        StringBuilder sb = new StringBuilder();
        rowsKept.forEach((file, rows) -> sb.append(sb.isEmpty() ? "" : ", ").append(file).append(' ').append(rows));
        return sb.toString();
    }
}
