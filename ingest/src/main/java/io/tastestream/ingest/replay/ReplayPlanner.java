package io.tastestream.ingest.replay;

import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.ingest.common.PlayIds;
import io.tastestream.ingest.dataset.Artist;
import io.tastestream.ingest.dataset.Dataset;
import io.tastestream.ingest.dataset.PlayRow;
import io.tastestream.ingest.dataset.TagAssignment;
import io.tastestream.ingest.dataset.UserArtist;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeMap;

/**
 * Turns a {@link Dataset} into a {@link ReplayPlan}: item-tags events from the tag assignments, and plays either
 * from the play file (real timestamps) or, for HetRec which has none, synthesised from the play counts.
 */
public final class ReplayPlanner {

    /** Tags per artist on the item-tags topic: the most used ones. */
    public static final int TOP_TAGS = 10;
    public static final String UNKNOWN_TRACK = "(track unknown)";
    /** HetRec is a 2011 snapshot; used as the end of synthesised plays when there is no tag date to go by. */
    static final Instant HETREC_SNAPSHOT = Instant.parse("2011-05-10T00:00:00Z");

    private ReplayPlanner() {}

    public static ReplayPlan plan(Dataset data, ReplaySettings settings) {
        PlaySequence plays;
        long playsInData;
        String note = null;
        if (data.hasPlayFile()) {
            List<PlayRow> rows = new ArrayList<>();
            for (PlayRow r : data.plays()) {
                if (settings.selectsUser(r.userId())) {
                    rows.add(r);
                }
            }
            rows.sort(Comparator.comparing(PlayRow::playedAt)); // stable: equal times keep file order
            playsInData = rows.size();
            List<PlayRow> selected = settings.limited() && rows.size() > settings.limit()
                    ? rows.subList(0, (int) settings.limit()) : rows;
            plays = rowPlays(selected, data.kind().playSource());
        } else {
            SynthesisedPlays synthesised = SynthesisedPlays.of(data, settings, synthesisEnd(data));
            playsInData = synthesised.total();
            plays = synthesised;
            note = synthesised.note();
        }
        Instant first = plays.size() == 0 ? null : plays.get(0).playedAt();
        Instant last = plays.size() == 0 ? null : plays.get(plays.size() - 1).playedAt();
        boolean onlyPlayedArtists = settings.limited() || !settings.users().isEmpty();
        List<ItemTagsEvent> tags = tagEvents(data, plays, onlyPlayedArtists, first);
        return new ReplayPlan(data, tags, plays, playsInData, note, first, last);
    }

    private static PlaySequence rowPlays(List<PlayRow> rows, String source) {
        return new PlaySequence() {
            private final PlayIds ids = new PlayIds();

            @Override
            public int size() {
                return rows.size();
            }

            @Override
            public PlayEvent get(int index) {
                PlayRow r = rows.get(index);
                String track = r.track().isBlank() ? UNKNOWN_TRACK : r.track();
                return play(ids, r.userId(), r.artist(), track, r.playedAt(), source);
            }
        };
    }

    /** A replayed play, its id derived as {@code PlayEvent.derivePlayId} does, with the names' keys remembered. */
    static PlayEvent play(PlayIds ids, String userId, String artist, String track, Instant at, String source) {
        String id = ids.derive(source, userId, artist, track, at);
        return new PlayEvent(PlayEvent.CURRENT_VERSION, id, userId, artist, track, null, at, 0, source);
    }

    /** The day after the last tag assignment: the data's own "now", so synthesised plays sit next to its tags. */
    static Instant synthesisEnd(Dataset data) {
        LocalDate latest = null;
        for (TagAssignment a : data.tagAssignments()) {
            if (latest == null || a.date().isAfter(latest)) {
                latest = a.date();
            }
        }
        return latest == null ? HETREC_SNAPSHOT : latest.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    }

    /**
     * One event per tagged artist: how many times each tag was assigned to it, top {@value #TOP_TAGS}. With a
     * user filter or a limit only the artists the selected plays mention, so a small demo replay stays small.
     *
     * <p>The events are dated at the first replayed play: an aggregate has no single event time, and a consumer
     * that aligns streams by event time must see the tags as already known when the listening starts.
     */
    static List<ItemTagsEvent> tagEvents(Dataset data, PlaySequence plays, boolean onlyPlayedArtists,
                                         Instant firstPlay) {
        if (data.tagAssignments().isEmpty()) {
            return List.of();
        }
        Map<Integer, String> tagNames = data.tagsById();
        Map<Integer, Artist> artists = data.artistsById();
        Map<Integer, Map<Integer, Integer>> counts = new TreeMap<>();
        LocalDate latest = LocalDate.MIN;
        for (TagAssignment a : data.tagAssignments()) {
            counts.computeIfAbsent(a.artistId(), k -> new HashMap<>()).merge(a.tagId(), 1, Integer::sum);
            latest = a.date().isAfter(latest) ? a.date() : latest;
        }
        Set<String> played = null;
        if (onlyPlayedArtists) {
            played = new HashSet<>();
            for (int i = 0; i < plays.size(); i++) {
                played.add(Names.key(plays.get(i).artist()));
            }
        }
        Instant at = firstPlay != null ? firstPlay
                : latest.plusDays(1).atStartOfDay(ZoneOffset.UTC).toInstant();
        String source = data.kind().tagSource();
        List<ItemTagsEvent> events = new ArrayList<>();
        for (Map.Entry<Integer, Map<Integer, Integer>> e : counts.entrySet()) {
            Artist artist = artists.get(e.getKey());
            if (artist == null || (played != null && !played.contains(Names.key(artist.name())))) {
                continue;
            }
            List<WeightedTag> top = e.getValue().entrySet().stream()
                    .filter(t -> tagNames.containsKey(t.getKey()))
                    .map(t -> new WeightedTag(tagNames.get(t.getKey()), t.getValue()))
                    .sorted(Comparator.comparingDouble(WeightedTag::weight).reversed()
                            .thenComparing(WeightedTag::tag))
                    .limit(TOP_TAGS)
                    .toList();
            if (!top.isEmpty()) {
                events.add(ItemTagsEvent.of(ItemRef.artist(artist.name()), top, source, at));
            }
        }
        return events;
    }

    /**
     * Plays made up from HetRec's per-(user, artist) listening counts. Each pair gives
     * {@code min(weight, 1 + round(3 ln weight))} plays, so 1 stays 1, 100 becomes 15 and the largest count in
     * HetRec (352,698) 39: enough to keep the ranking of a user's artists, not millions of events. The pair's plays
     * fall one in each equal slice of the window at a random second, so they are spread out and never share a
     * second (the play id derives from the second). Deterministic: the randomness is seeded from the pair.
     *
     * <p>Held as sorted {@code long}s (time offset in the high half, play number in the low half), a few bytes
     * per play; the events are built on demand.
     */
    static final class SynthesisedPlays implements PlaySequence {
        private final UserArtist[] pairs;
        /** The pairs' user ids as strings, made once each (a pair has up to 39 plays). */
        private final String[] userIds;
        private final PlayIds ids = new PlayIds();
        private final int[] firstPlayOfPair;
        private final long[] order;
        private final int size;
        private final long total;
        private final long weightTotal;
        private final Instant start;
        private final Instant end;
        private final Map<Integer, Artist> artists;
        private final String source;

        private SynthesisedPlays(Dataset data, UserArtist[] pairs, int[] firstPlayOfPair, long[] order, int size,
                                 long weightTotal, Instant start, Instant end) {
            this.pairs = pairs;
            this.userIds = new String[pairs.length];
            this.firstPlayOfPair = firstPlayOfPair;
            this.order = order;
            this.size = size;
            this.total = order.length;
            this.weightTotal = weightTotal;
            this.start = start;
            this.end = end;
            this.artists = data.artistsById();
            this.source = data.kind().tagSource();
        }

        static SynthesisedPlays of(Dataset data, ReplaySettings settings, Instant end) {
            long window = settings.synthesisWindow().toSeconds();
            Instant start = end.minusSeconds(window);
            List<UserArtist> selected = new ArrayList<>();
            Map<Integer, Artist> artists = data.artistsById();
            for (UserArtist ua : data.userArtists()) {
                if (ua.weight() > 0 && artists.containsKey(ua.artistId())
                        && settings.selectsUser(Integer.toString(ua.userId()))) {
                    selected.add(ua);
                }
            }
            UserArtist[] pairs = selected.toArray(UserArtist[]::new);
            int[] firstPlay = new int[pairs.length + 1];
            long count = 0;
            long weights = 0;
            for (int p = 0; p < pairs.length; p++) {
                firstPlay[p] = (int) count;
                count += playsFor(pairs[p].weight());
                weights += pairs[p].weight();
                if (count > Integer.MAX_VALUE - 8) {
                    throw new IllegalArgumentException("too many plays to synthesise (" + count + "); select users "
                            + "with --users");
                }
            }
            firstPlay[pairs.length] = (int) count;
            long[] order = new long[(int) count];
            for (int p = 0; p < pairs.length; p++) {
                UserArtist ua = pairs[p];
                int n = firstPlay[p + 1] - firstPlay[p];
                SplittableRandom random = new SplittableRandom(((long) ua.userId() << 32) ^ ua.artistId());
                long slice = window / n;
                for (int k = 0; k < n; k++) {
                    long offset = k * slice + random.nextLong(Math.max(1, slice));
                    order[firstPlay[p] + k] = (offset << 32) | (firstPlay[p] + k);
                }
            }
            Arrays.sort(order);
            int size = settings.limited() ? (int) Math.min(order.length, settings.limit()) : order.length;
            return new SynthesisedPlays(data, pairs, firstPlay, order, size, weights, start, end);
        }

        static int playsFor(long weight) {
            return (int) Math.min(weight, 1 + Math.round(3 * Math.log(weight)));
        }

        @Override
        public int size() {
            return size;
        }

        long total() {
            return total;
        }

        @Override
        public PlayEvent get(int index) {
            long key = order[index];
            int play = (int) (key & 0xffffffffL);
            // every pair has at least one play, so the starts are strictly increasing
            int pair = Arrays.binarySearch(firstPlayOfPair, play);
            if (pair < 0) {
                pair = -pair - 2; // insertion point - 1: the pair whose range holds this play
            }
            String user = userIds[pair];
            if (user == null) {
                user = Integer.toString(pairs[pair].userId());
                userIds[pair] = user;
            }
            Instant at = start.plusSeconds(key >>> 32);
            return play(ids, user, artists.get(pairs[pair].artistId()).name(), UNKNOWN_TRACK, at, source);
        }

        String note() {
            return "HetRec has no per-play timestamps: " + total + " plays synthesised from play counts (total "
                    + "weight " + weightTotal + ", at most 1+3·ln(count) per user-artist pair), spread over the "
                    + Duration.between(start, end).toDays() + " days " + start + " .. " + end + (size < total ? "; replaying the first " + size : "");
        }
    }
}
