package io.tastestream.core.dedup;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.BiPredicate;
import java.util.function.ToLongBiFunction;
import java.util.regex.Pattern;

/**
 * Recognises one real play reported by two sources: Spotify (poller or export) and a Last.fm scrobble of it (the
 * Spotify app scrobbles to Last.fm). Pure functions, no state: the caller (see the design note in the report and
 * README: a keyed step of the taste job) keeps the candidate plays.
 *
 * <h2>The rule</h2>
 * Two plays are the same play when they are of the same user, from the two different families of sources (Spotify:
 * {@code spotify}, {@code spotify-history}; Last.fm: {@code lastfm}), of the same artist and track by
 * {@link #matchKey} (case, spacing, "feat." credits and "Remastered"/"Radio Edit" suffixes ignored, because the two
 * services spell versions differently), and their times fit how each source stamps a play: Spotify stamps the
 * <em>end</em> ({@code played_at}, the export's {@code ts}), Last.fm the <em>start</em> (the scrobble timestamp).
 * So the scrobble time S must lie in [E − L − slack, E + slack], where E is Spotify's time and L the play's length
 * (Spotify's {@code msPlayed}; when unknown, {@link #UNKNOWN_LENGTH}).
 *
 * <p>Listening to a track twice in a row makes that window ambiguous (the second scrobble starts when the first
 * play ends). {@link #pairs} therefore matches one-to-one, closest expected start first: the scrobble is paired with
 * the play whose E − L is nearest to S.
 *
 * <h2>Which wins</h2>
 * Spotify's record: it carries how long the track really played ({@code msPlayed}: partial plays count in
 * proportion, short ones become skips), its exact end time and the album; the scrobble is a copy made from it, with
 * a start time that the Spotify app rounds and sometimes delays. {@link #winner} also ranks the poller's record over the
 * export's, though those two never need this rule: the poller and the extended export give one play the same playId
 * (track URI and end second, see ingest's {@code SpotifyPlayIds}), so the taste job's playId dedup drops the second.
 *
 * <h2>Spotify records without a track id</h2>
 * Spotify's account-data export names the artist and track and the minute the play ended, without a track URI, so
 * its plays get name-based ids ({@link #namesOnly}) that never equal the poller's. Such a record and a Spotify record
 * with the track id are one play when user, artist and track agree by {@link #matchKey} and the exact end time lies
 * in the export's minute ({@link #sameSpotifyPlay}); {@link #spotifyPairs} matches them one-to-one, nearest the
 * middle of the minute first. The record with the track id is kept; a scrobble of the play pairs with that one.
 *
 * <p>Pure Java (no Kafka, no Flink) so the taste job can use it: its per-user index of recently applied plays is
 * keyed by {@link #playKey}.
 */
public final class CrossSourcePlayMatcher {

    /** Clock skew and pauses between the two services' timestamps. */
    public static final Duration SLACK = Duration.ofSeconds(90);
    /** Assumed length when Spotify does not say (msPlayed 0): long enough for almost every track. */
    public static final Duration UNKNOWN_LENGTH = Duration.ofMinutes(10);
    /**
     * The playId prefix of Spotify plays identified by track URI and end second (ingest's {@code SpotifyPlayIds}: the
     * poller and extended exports); other Spotify records are {@link #namesOnly}.
     */
    public static final String TRACK_ID_PREFIX = "spotify:";
    /** How precisely the account-data export stamps a play's end: the minute, cut off. */
    public static final Duration EXPORT_PRECISION = Duration.ofMinutes(1);
    /** Both records come from Spotify's clock; a little slack for rounding at the minute's edges. */
    public static final Duration EXPORT_SLACK = Duration.ofSeconds(10);

    private static final Pattern VERSION_SUFFIX = Pattern.compile(
            "\\s*(?:[-–—]\\s*|[(\\[]\\s*)(?:\\d{4}\\s+)?(?:remaster(?:ed)?|radio edit|single version|album version"
                    + "|mono|stereo|feat\\.?|ft\\.?|featuring)\\b.*$", Pattern.CASE_INSENSITIVE);

    private CrossSourcePlayMatcher() {}

    public enum Family { SPOTIFY, LASTFM, OTHER }

    public static Family family(String source) {
        String s = source == null ? "" : source.toLowerCase(Locale.ROOT);
        if (s.equals("spotify") || s.equals("spotify-history")) {
            return Family.SPOTIFY;
        }
        return s.equals("lastfm") ? Family.LASTFM : Family.OTHER;
    }

    /** Artist or track name as both services' spellings of one recording agree on it. */
    public static String matchKey(String name) {
        String k = Names.key(name);
        String stripped = VERSION_SUFFIX.matcher(k).replaceFirst("").strip();
        return stripped.isEmpty() ? k : stripped;
    }

    /**
     * The key under which the two sources' records of one play meet: {@link #matchKey} of artist and track. Plays
     * with equal keys may be one play; {@link #samePlay} decides with the times.
     */
    public static String playKey(PlayEvent play) {
        return matchKey(play.artist()) + '\u001f' + matchKey(play.track());
    }

    /** Same user, and the same artist and track by {@link #matchKey}: what any two records of one play share. */
    private static boolean sameUserAndRecording(PlayEvent a, PlayEvent b) {
        return a.userId().equals(b.userId()) && matchKey(a.artist()).equals(matchKey(b.artist()))
                && matchKey(a.track()).equals(matchKey(b.track()));
    }

    /** True when {@code a} and {@code b} are one play reported by Spotify and by Last.fm (either order). */
    public static boolean samePlay(PlayEvent a, PlayEvent b) {
        PlayEvent spotify = family(a.source()) == Family.SPOTIFY ? a : b;
        PlayEvent lastfm = spotify == a ? b : a;
        if (family(spotify.source()) != Family.SPOTIFY || family(lastfm.source()) != Family.LASTFM) {
            return false;
        }
        if (!sameUserAndRecording(spotify, lastfm)) {
            return false;
        }
        Instant end = spotify.playedAt();
        Instant earliest = end.minus(length(spotify)).minus(SLACK);
        Instant latest = end.plus(SLACK);
        Instant scrobbled = lastfm.playedAt();
        return !scrobbled.isBefore(earliest) && !scrobbled.isAfter(latest);
    }

    /**
     * A Spotify record without a track id (Spotify's account-data export: artist and track names, and the minute the
     * play ended): a Spotify-family play whose playId is not of the {@link #TRACK_ID_PREFIX} scheme.
     */
    public static boolean namesOnly(PlayEvent play) {
        return family(play.source()) == Family.SPOTIFY
                && (play.playId() == null || !play.playId().startsWith(TRACK_ID_PREFIX));
    }

    /**
     * True when {@code exact} (a Spotify record with a track id: the poller, an extended export) and
     * {@code namesOnly} ({@link #namesOnly}) are one play: same user, artist and track by {@link #matchKey}, and
     * the exact end time E within the names-only record's minute T: T − slack ≤ E < T + 1 min + slack.
     */
    public static boolean sameSpotifyPlay(PlayEvent exact, PlayEvent namesOnly) {
        if (family(exact.source()) != Family.SPOTIFY || namesOnly(exact) || !namesOnly(namesOnly)
                || !sameUserAndRecording(exact, namesOnly)) {
            return false;
        }
        long end = exact.playedAt().toEpochMilli();
        long minute = namesOnly.playedAt().toEpochMilli();
        long slack = EXPORT_SLACK.toMillis();
        return end >= minute - slack && end < minute + EXPORT_PRECISION.toMillis() + slack;
    }

    /**
     * The record to keep of two that are {@link #samePlay} or {@link #sameSpotifyPlay}: Spotify's over the scrobble,
     * and of Spotify's the one with the track id (see the class comment for why).
     */
    public static PlayEvent winner(PlayEvent a, PlayEvent b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(PlayEvent p) {
        return switch (family(p.source())) {
            case SPOTIFY -> namesOnly(p) ? 2 : p.source().equalsIgnoreCase("spotify") ? 4 : 3;
            case LASTFM -> 1;
            case OTHER -> 0;
        };
    }

    /** A matched Spotify play and Last.fm scrobble. */
    public record Pair(PlayEvent spotify, PlayEvent lastfm) {}

    /** A Spotify record with a track id and a names-only record of the same play ({@link #namesOnly}). */
    public record SpotifyPair(PlayEvent exact, PlayEvent namesOnly) {}

    /**
     * One-to-one matching of Spotify plays and Last.fm scrobbles (of one user, or mixed: pairs never cross users):
     * every candidate pair that {@link #samePlay} accepts, taken closest first by |S − (E − L)|, each play used at
     * most once. The scrobbles not in a pair are plays Spotify did not see (another player, another device).
     */
    public static List<Pair> pairs(List<PlayEvent> spotifyPlays, List<PlayEvent> lastfmScrobbles) {
        return oneToOne(spotifyPlays, lastfmScrobbles, CrossSourcePlayMatcher::samePlay,
                (sp, lf) -> Math.abs(Duration.between(sp.playedAt().minus(length(sp)), lf.playedAt()).toMillis()),
                Pair::new);
    }

    /**
     * One-to-one matching of Spotify records with a track id and names-only ones ({@link #sameSpotifyPlay}), closest
     * first by the distance of E from the middle of the names-only record's minute.
     */
    public static List<SpotifyPair> spotifyPairs(List<PlayEvent> exact, List<PlayEvent> namesOnly) {
        long halfMinute = EXPORT_PRECISION.toMillis() / 2;
        return oneToOne(exact, namesOnly, CrossSourcePlayMatcher::sameSpotifyPlay,
                (e, n) -> Math.abs(e.playedAt().toEpochMilli() - n.playedAt().toEpochMilli() - halfMinute),
                SpotifyPair::new);
    }

    /** Candidate pairs taken closest first (ties: list order), each play of either list used at most once. */
    private static <P> List<P> oneToOne(List<PlayEvent> as, List<PlayEvent> bs,
                                        BiPredicate<PlayEvent, PlayEvent> match,
                                        ToLongBiFunction<PlayEvent, PlayEvent> distance,
                                        BiFunction<PlayEvent, PlayEvent, P> pair) {
        record Candidate(int a, int b, long distance) {}
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < as.size(); i++) {
            for (int j = 0; j < bs.size(); j++) {
                if (match.test(as.get(i), bs.get(j))) {
                    candidates.add(new Candidate(i, j, distance.applyAsLong(as.get(i), bs.get(j))));
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::distance).thenComparingInt(Candidate::a)
                .thenComparingInt(Candidate::b));
        Set<Integer> usedA = new HashSet<>();
        Set<Integer> usedB = new HashSet<>();
        List<P> pairs = new ArrayList<>();
        for (Candidate c : candidates) {
            if (usedA.contains(c.a()) || usedB.contains(c.b())) {
                continue;
            }
            usedA.add(c.a());
            usedB.add(c.b());
            pairs.add(pair.apply(as.get(c.a()), bs.get(c.b())));
        }
        return pairs;
    }

    /**
     * What to keep of a mixed list of plays: every play except the names-only Spotify records paired with a Spotify
     * record with a track id, and the Last.fm scrobbles paired with a Spotify play (the one with the track id where
     * a play has both). Order is kept.
     */
    public static List<PlayEvent> dedup(List<PlayEvent> plays) {
        List<PlayEvent> exact = plays.stream().filter(p -> family(p.source()) == Family.SPOTIFY && !namesOnly(p))
                .toList();
        List<PlayEvent> namesOnly = plays.stream().filter(CrossSourcePlayMatcher::namesOnly).toList();
        List<PlayEvent> lastfm = plays.stream().filter(p -> family(p.source()) == Family.LASTFM).toList();
        Set<String> dropped = new HashSet<>();
        for (SpotifyPair pair : spotifyPairs(exact, namesOnly)) {
            dropped.add(pair.namesOnly().playId());
        }
        List<PlayEvent> spotify = plays.stream().filter(p -> family(p.source()) == Family.SPOTIFY)
                .filter(p -> !dropped.contains(p.playId())).toList();
        for (Pair pair : pairs(spotify, lastfm)) {
            dropped.add(pair.lastfm().playId());
        }
        return plays.stream().filter(p -> !dropped.contains(p.playId())).toList();
    }

    private static Duration length(PlayEvent spotify) {
        return spotify.msPlayed() > 0 ? Duration.ofMillis(spotify.msPlayed()) : UNKNOWN_LENGTH;
    }
}
