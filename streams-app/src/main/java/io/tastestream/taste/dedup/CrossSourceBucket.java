package io.tastestream.taste.dedup;

import io.tastestream.core.dedup.CrossSourcePlayMatcher;
import io.tastestream.core.dedup.CrossSourcePlayMatcher.Family;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * One user's recently applied Spotify plays (with or without a track id) and Last.fm scrobbles of one track (one
 * {@link CrossSourcePlayMatcher#playKey}) around a new play's time, and the decision what the new one changes. The
 * taste job keeps them in keyed state per (user, play key, day of the play), see {@link #days}.
 *
 * <p>The decision reproduces, whatever order the plays arrive in, what {@link CrossSourcePlayMatcher#pairs} would
 * pair if it saw all of them at once: adding a play re-pairs the group of plays it can be linked with (its connected
 * component under {@link CrossSourcePlayMatcher#samePlay} and {@link CrossSourcePlayMatcher#sameSpotifyPlay}),
 * closest first, one-to-one. Spotify plays with a track id always count; a names-only Spotify record (account-data
 * export) counts while no such play is its partner; a scrobble counts while no Spotify play that counts is its
 * partner. So a record that was counted is taken back when a better record of its play arrives, and (rarely) one
 * that lost its partner to a closer one counts again. That is why scrobbles and names-only records keep the whole
 * event and the tags they were applied with: taking one back must subtract exactly what was added.
 *
 * <p>Entries older than the dedup TTL (processing time since they were added) are dropped when the bucket is next
 * touched: a partner arriving later counts as a play of its own.
 */
public final class CrossSourceBucket {
    /**
     * 2: names-only Spotify records keep their tags (they can be taken back). Format 1 stored them without, so
     * decoding it leaves them out of the matching: they stay counted, as they were, and pair with nothing.
     */
    private static final int FORMAT = 2;
    private static final int FORMAT_WITHOUT_NAMES_ONLY_TAGS = 1;

    /**
     * A play in the index. {@code counted}: whether it is in the taste now (always for Spotify plays with a track
     * id; for the others, while unpaired). {@code tags}: for a scrobble or a names-only Spotify record, the artist
     * tags it was (or will be) applied with; empty for Spotify plays with a track id, which are never taken back.
     */
    public record Entry(PlayEvent play, List<WeightedTag> tags, boolean counted, long addedAtMillis) {
        Family family() {
            return CrossSourcePlayMatcher.family(play.source());
        }

        Entry counted(boolean now) {
            return now == counted ? this : new Entry(play, tags, now, addedAtMillis);
        }
    }

    /**
     * What adding a play changes. {@code bucket}: the new content to store. {@code retract}: scrobbles to take out of
     * the taste (with their stored tags); {@code apply}: plays to add (the new play itself when it counts, with the
     * tags it came with, and scrobbles that count again). {@code newPairs}: pairs gained.
     */
    public record Decision(List<Entry> bucket, List<Entry> retract, List<Entry> apply, int newPairs) {}

    private final List<Entry> entries;

    private CrossSourceBucket(List<Entry> entries) {
        this.entries = entries;
    }

    public static CrossSourceBucket empty() {
        return new CrossSourceBucket(new ArrayList<>());
    }

    /** A bucket of these entries (e.g. read from the stored parts around a play, see {@link #storageKeys}). */
    public static CrossSourceBucket of(List<Entry> entries) {
        return new CrossSourceBucket(new ArrayList<>(entries));
    }

    /**
     * How far apart (in event time) two records of one play can be, generously: the length of a play plus slack.
     * Tracks longer than this are not paired across a day boundary.
     */
    static final long REACH_MILLIS = Duration.ofHours(3).toMillis();
    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    /** The state key of a user's plays of one track on one UTC day (by {@code playedAt}). */
    public static String storageKey(String playKey, long day) {
        return playKey + '\u001f' + day;
    }

    public static long dayOf(PlayEvent play) {
        return Math.floorDiv(play.playedAt().toEpochMilli(), DAY_MILLIS);
    }

    /**
     * The days whose stored plays a new play may pair with: its own, and the neighbouring one when it lies within
     * {@link #REACH_MILLIS} of the boundary. Keeping a day per state entry bounds what each play reads and writes
     * (a favourite track can have thousands of plays in an imported history), at the price that a chain of
     * back-to-back repeats longer than the reach is re-paired only near the new play.
     */
    public static List<Long> days(PlayEvent play) {
        long t = play.playedAt().toEpochMilli();
        long day = Math.floorDiv(t, DAY_MILLIS);
        List<Long> days = new ArrayList<>(3);
        if (t - day * DAY_MILLIS < REACH_MILLIS) {
            days.add(day - 1);
        }
        days.add(day);
        if ((day + 1) * DAY_MILLIS - t <= REACH_MILLIS) {
            days.add(day + 1);
        }
        return days;
    }

    /** Reads a stored bucket, leaving out entries added {@code ttl} or longer before {@code nowMillis}. */
    public static List<Entry> decode(byte[] stored, String userId, long nowMillis, Duration ttl) {
        if (stored == null) {
            return List.of();
        }
        long ttlMillis = ttl.toMillis();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(stored))) {
            int format = in.readUnsignedByte();
            if (format != FORMAT && format != FORMAT_WITHOUT_NAMES_ONLY_TAGS) {
                throw new IllegalStateException("cross-source bucket: unknown format " + format);
            }
            int n = in.readInt();
            List<Entry> entries = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                boolean counted = in.readBoolean();
                long addedAt = in.readLong();
                PlayEvent play = new PlayEvent(PlayEvent.CURRENT_VERSION, in.readUTF(), userId, in.readUTF(),
                        in.readUTF(), nullable(in.readUTF()), Instant.ofEpochSecond(in.readLong(), in.readInt()),
                        in.readLong(), in.readUTF());
                int tagCount = in.readUnsignedShort();
                List<WeightedTag> tags = new ArrayList<>(tagCount);
                for (int t = 0; t < tagCount; t++) {
                    tags.add(new WeightedTag(in.readUTF(), in.readDouble()));
                }
                boolean untaggedNamesOnly = format == FORMAT_WITHOUT_NAMES_ONLY_TAGS
                        && CrossSourcePlayMatcher.namesOnly(play);
                if (nowMillis - addedAt < ttlMillis && !untaggedNamesOnly) {
                    entries.add(new Entry(play, List.copyOf(tags), counted, addedAt));
                }
            }
            return entries;
        } catch (IOException e) {
            throw new UncheckedIOException("cross-source bucket of user " + userId + " unreadable", e);
        }
    }

    /** Compact binary form (the user id is the state key, so it is not repeated). */
    public static byte[] encode(List<Entry> entries) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + 96 * entries.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT);
            out.writeInt(entries.size());
            for (Entry e : entries) {
                PlayEvent p = e.play();
                out.writeBoolean(e.counted());
                out.writeLong(e.addedAtMillis());
                out.writeUTF(p.playId());
                out.writeUTF(p.artist());
                out.writeUTF(p.track());
                out.writeUTF(p.album() == null ? "" : p.album());
                out.writeLong(p.playedAt().getEpochSecond());
                out.writeInt(p.playedAt().getNano());
                out.writeLong(p.msPlayed());
                out.writeUTF(p.source());
                int tagCount = Math.min(e.tags().size(), 0xFFFF);
                out.writeShort(tagCount);
                for (int t = 0; t < tagCount; t++) {
                    out.writeUTF(e.tags().get(t).tag());
                    out.writeDouble(e.tags().get(t).weight());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static String nullable(String s) {
        return s.isEmpty() ? null : s;
    }

    public List<Entry> entries() {
        return List.copyOf(entries);
    }

    /**
     * Adds a Spotify play or Last.fm scrobble (not yet in the taste) that arrived with {@code tags}, and decides what
     * changes. Plays of other sources are not indexed: the caller applies them directly.
     */
    public Decision add(PlayEvent play, List<WeightedTag> tags, long nowMillis) {
        Family family = CrossSourcePlayMatcher.family(play.source());
        if (family == Family.OTHER) {
            throw new IllegalArgumentException("only Spotify plays and Last.fm scrobbles are indexed: " + play.source());
        }
        Entry added = new Entry(play, mayBeTakenBack(play) ? List.copyOf(tags) : List.of(), false, nowMillis);
        List<Entry> all = new ArrayList<>(entries);
        all.add(added);
        int addedIndex = all.size() - 1;

        // the tiers: Spotify records with a track id always count; a names-only one unless it is one of those; a
        // scrobble unless it is a Spotify play (the track-id record where a play has both)
        Set<Integer> component = component(all, addedIndex);
        List<PlayEvent> exact = new ArrayList<>();
        List<PlayEvent> namesOnly = new ArrayList<>();
        List<PlayEvent> lastfm = new ArrayList<>();
        int pairsBefore = 0;
        for (int i : component) {
            Entry e = all.get(i);
            if (e.family() == Family.LASTFM) {
                lastfm.add(e.play());
            } else if (CrossSourcePlayMatcher.namesOnly(e.play())) {
                namesOnly.add(e.play());
            } else {
                exact.add(e.play());
            }
            if (i != addedIndex && !e.counted()) {
                pairsBefore++;
            }
        }
        Set<String> paired = new HashSet<>();
        for (CrossSourcePlayMatcher.SpotifyPair pair : CrossSourcePlayMatcher.spotifyPairs(exact, namesOnly)) {
            paired.add(pair.namesOnly().playId());
        }
        List<PlayEvent> spotify = new ArrayList<>(exact);
        namesOnly.stream().filter(p -> !paired.contains(p.playId())).forEach(spotify::add);
        List<CrossSourcePlayMatcher.Pair> pairs = CrossSourcePlayMatcher.pairs(spotify, lastfm);
        for (CrossSourcePlayMatcher.Pair pair : pairs) {
            paired.add(pair.lastfm().playId());
        }

        List<Entry> retract = new ArrayList<>();
        List<Entry> apply = new ArrayList<>();
        for (int i : component) {
            Entry e = all.get(i);
            boolean counts = !paired.contains(e.play().playId());
            boolean wasCounted = i != addedIndex && e.counted();
            if (counts && !wasCounted) {
                apply.add(i == addedIndex ? new Entry(play, List.copyOf(tags), true, nowMillis) : e);
            } else if (!counts && wasCounted) {
                retract.add(e);
            }
            all.set(i, e.counted(counts));
        }
        entries.clear();
        entries.addAll(all);
        return new Decision(List.copyOf(all), retract, apply, Math.max(0, paired.size() - pairsBefore));
    }

    /**
     * Whether a later record of the same play can make this one stop counting: a scrobble, or a names-only Spotify
     * record. Those keep the tags they were applied with, to be taken back exactly.
     */
    private static boolean mayBeTakenBack(PlayEvent play) {
        return CrossSourcePlayMatcher.family(play.source()) == Family.LASTFM || CrossSourcePlayMatcher.namesOnly(play);
    }

    /** Indexes of the plays linked to {@code start} through chains of possible pairs (all in one bucket). */
    private static Set<Integer> component(List<Entry> all, int start) {
        Set<Integer> seen = new java.util.TreeSet<>();
        seen.add(start);
        List<Integer> frontier = new ArrayList<>(List.of(start));
        while (!frontier.isEmpty()) {
            Entry from = all.get(frontier.remove(frontier.size() - 1));
            for (int i = 0; i < all.size(); i++) {
                if (!seen.contains(i) && mayPair(from, all.get(i))) {
                    seen.add(i);
                    frontier.add(i);
                }
            }
        }
        return seen;
    }

    /** Cheap time test first (a bucket is one track of one user), the matcher's rules to confirm. */
    private static boolean mayPair(Entry a, Entry b) {
        if (a.family() == Family.SPOTIFY && b.family() == Family.SPOTIFY) {
            return mayBeOneSpotifyPlay(a.play(), b.play()) || mayBeOneSpotifyPlay(b.play(), a.play());
        }
        if (a.family() == b.family()) {
            return false;
        }
        PlayEvent spotify = a.family() == Family.SPOTIFY ? a.play() : b.play();
        PlayEvent lastfm = spotify == a.play() ? b.play() : a.play();
        long length = spotify.msPlayed() > 0 ? spotify.msPlayed()
                : CrossSourcePlayMatcher.UNKNOWN_LENGTH.toMillis();
        long slack = CrossSourcePlayMatcher.SLACK.toMillis();
        long end = spotify.playedAt().toEpochMilli();
        long scrobbled = lastfm.playedAt().toEpochMilli();
        return scrobbled >= end - length - slack && scrobbled <= end + slack
                && CrossSourcePlayMatcher.samePlay(spotify, lastfm);
    }

    private static boolean mayBeOneSpotifyPlay(PlayEvent exact, PlayEvent namesOnly) {
        long gap = exact.playedAt().toEpochMilli() - namesOnly.playedAt().toEpochMilli();
        return gap > -REACH_MILLIS && gap < REACH_MILLIS && CrossSourcePlayMatcher.sameSpotifyPlay(exact, namesOnly);
    }
}
