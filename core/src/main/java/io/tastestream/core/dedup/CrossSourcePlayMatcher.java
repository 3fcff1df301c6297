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
 * <p>Pure Java (no Kafka, no Flink) so the taste job can use it: its per-user index of recently applied plays is
 * keyed by {@link #playKey}.
 */
public final class CrossSourcePlayMatcher {

    /** Clock skew and pauses between the two services' timestamps. */
    public static final Duration SLACK = Duration.ofSeconds(90);
    /** Assumed length when Spotify does not say (msPlayed 0): long enough for almost every track. */
    public static final Duration UNKNOWN_LENGTH = Duration.ofMinutes(10);

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

    /** True when {@code a} and {@code b} are one play reported by Spotify and by Last.fm (either order). */
    public static boolean samePlay(PlayEvent a, PlayEvent b) {
        PlayEvent spotify = family(a.source()) == Family.SPOTIFY ? a : b;
        PlayEvent lastfm = spotify == a ? b : a;
        if (family(spotify.source()) != Family.SPOTIFY || family(lastfm.source()) != Family.LASTFM) {
            return false;
        }
        if (!spotify.userId().equals(lastfm.userId())
                || !matchKey(spotify.artist()).equals(matchKey(lastfm.artist()))
                || !matchKey(spotify.track()).equals(matchKey(lastfm.track()))) {
            return false;
        }
        Instant end = spotify.playedAt();
        Instant earliest = end.minus(length(spotify)).minus(SLACK);
        Instant latest = end.plus(SLACK);
        Instant scrobbled = lastfm.playedAt();
        return !scrobbled.isBefore(earliest) && !scrobbled.isAfter(latest);
    }

    /** The record to keep of two that are {@link #samePlay}: Spotify's (see the class comment for why). */
    public static PlayEvent winner(PlayEvent a, PlayEvent b) {
        return rank(a) >= rank(b) ? a : b;
    }

    private static int rank(PlayEvent p) {
        return switch (p.source().toLowerCase(Locale.ROOT)) {
            case "spotify" -> 3;
            case "spotify-history" -> 2;
            case "lastfm" -> 1;
            default -> 0;
        };
    }

    /** A matched Spotify play and Last.fm scrobble. */
    public record Pair(PlayEvent spotify, PlayEvent lastfm) {}

    /**
     * One-to-one matching of Spotify plays and Last.fm scrobbles (of one user, or mixed: pairs never cross users):
     * every candidate pair that {@link #samePlay} accepts, taken closest first by |S − (E − L)|, each play used at
     * most once. The scrobbles not in a pair are plays Spotify did not see (another player, another device).
     */
    public static List<Pair> pairs(List<PlayEvent> spotifyPlays, List<PlayEvent> lastfmScrobbles) {
        record Candidate(int s, int l, long distanceMs) {}
        List<Candidate> candidates = new ArrayList<>();
        for (int i = 0; i < spotifyPlays.size(); i++) {
            PlayEvent sp = spotifyPlays.get(i);
            Instant expectedStart = sp.playedAt().minus(length(sp));
            for (int j = 0; j < lastfmScrobbles.size(); j++) {
                PlayEvent lf = lastfmScrobbles.get(j);
                if (samePlay(sp, lf)) {
                    candidates.add(new Candidate(i, j,
                            Math.abs(Duration.between(expectedStart, lf.playedAt()).toMillis())));
                }
            }
        }
        candidates.sort(Comparator.comparingLong(Candidate::distanceMs).thenComparingInt(Candidate::s)
                .thenComparingInt(Candidate::l));
        Set<Integer> usedS = new HashSet<>();
        Set<Integer> usedL = new HashSet<>();
        List<Pair> pairs = new ArrayList<>();
        for (Candidate c : candidates) {
            if (usedS.contains(c.s()) || usedL.contains(c.l())) {
                continue;
            }
            usedS.add(c.s());
            usedL.add(c.l());
            pairs.add(new Pair(spotifyPlays.get(c.s()), lastfmScrobbles.get(c.l())));
        }
        return pairs;
    }

    /**
     * What to keep of a mixed list of plays: every play except the Last.fm scrobbles paired with a Spotify play.
     * Order is kept.
     */
    public static List<PlayEvent> dedup(List<PlayEvent> plays) {
        List<PlayEvent> spotify = plays.stream().filter(p -> family(p.source()) == Family.SPOTIFY).toList();
        List<PlayEvent> lastfm = plays.stream().filter(p -> family(p.source()) == Family.LASTFM).toList();
        Set<String> dropped = new HashSet<>();
        for (Pair pair : pairs(spotify, lastfm)) {
            dropped.add(pair.lastfm().playId());
        }
        return plays.stream().filter(p -> !dropped.contains(p.playId())).toList();
    }

    private static Duration length(PlayEvent spotify) {
        return spotify.msPlayed() > 0 ? Duration.ofMillis(spotify.msPlayed()) : UNKNOWN_LENGTH;
    }
}
