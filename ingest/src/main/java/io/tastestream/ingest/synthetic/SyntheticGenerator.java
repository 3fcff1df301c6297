package io.tastestream.ingest.synthetic;

import io.tastestream.core.event.WeightedTag;
import io.tastestream.ingest.synthetic.SyntheticDataset.TagAssignmentRow;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Generates clearly labelled synthetic listeners, deterministically from a seed.
 *
 * <p>The model, kept simple but with the structure a recommender needs to show something:
 * <ul>
 *   <li>a catalog of invented artists ("Synthetic Velvet Harbour (post-rock)"), evenly over 12 genres, each with its
 *       genre as major tag plus 1-3 descriptive tags, sometimes one from a neighbouring genre;</li>
 *   <li>Zipf popularity (weight 1/rank over a random global ranking), so a few artists get most plays;</li>
 *   <li>listeners with 1-3 favourite genres who listen in sessions (often staying on one artist), explore a little
 *       (10% of picks from the whole catalog), and drift: somewhere between 40% and 60% of the window a genre new
 *       to them takes over most of their listening;</li>
 *   <li>tag assignments by listeners of the artist's genre (every artist is tagged; the genre tag most often),
 *       and a few friendships between listeners who share a genre.</li>
 * </ul>
 * Each part draws from its own random stream derived from the seed, so e.g. the catalog does not change with the
 * number of users.
 */
public final class SyntheticGenerator {

    /** The reference instants lie in the first half of 2025: in the past, so brokers accept the timestamps. */
    static final Instant REFERENCE_BASE = Instant.parse("2025-01-01T00:00:00Z");
    static final double EXPLORE_SHARE = 0.10;
    static final double STAY_ON_ARTIST = 0.45;
    static final double DRIFT_SHARE = 0.65;

    private static final List<String> ADJECTIVES = List.of("Velvet", "Hollow", "Amber", "Paper", "Neon", "Quiet",
            "Iron", "Silver", "Northern", "Glass", "Wandering", "Electric", "Lunar", "Crimson", "Static", "Distant",
            "Golden", "Broken", "Salt", "Midnight", "Cobalt", "Wild", "Gentle", "Restless", "Frozen");
    private static final List<String> NOUNS = List.of("Harbour", "Orchard", "Signal", "Lanterns", "Tides",
            "Cathedral", "Foxes", "Machines", "Meadow", "Engines", "Choir", "Satellites", "Rivers", "Pilots",
            "Gardens", "Circuits", "Owls", "Horizon", "Parade", "Atlas", "Winters", "Echoes", "Collective", "Archive",
            "Ferns");

    private SyntheticGenerator() {}

    /** The plays end at a reference instant derived from the seed. */
    public static SyntheticDataset generate(SyntheticSettings settings) {
        long seed = settings.seed();
        return generate(settings, REFERENCE_BASE.plus(Duration.ofDays(Math.floorMod(seed, 180)))
                .plus(Duration.ofMinutes(Math.floorMod(seed * 7919, 24 * 60))));
    }

    /**
     * The plays end at {@code reference}: the demo ends them today, so feedback given now (at wall-clock event time)
     * weighs against a recent history rather than one that has decayed for a year.
     */
    public static SyntheticDataset generate(SyntheticSettings settings, Instant reference) {
        long seed = settings.seed();
        Instant windowStart = reference.minus(Duration.ofDays(settings.days()));

        List<SyntheticArtist> artists = catalog(settings, stream(seed, 1));
        Map<String, List<SyntheticArtist>> byGenre = new LinkedHashMap<>();
        Genres.ALL.forEach(g -> byGenre.put(g, new ArrayList<>()));
        artists.forEach(a -> byGenre.get(a.genre()).add(a));

        List<SyntheticUser> users = new ArrayList<>();
        List<SyntheticPlay> plays = new ArrayList<>();
        int width = Math.max(2, Integer.toString(settings.users()).length());
        for (int i = 1; i <= settings.users(); i++) {
            SplittableRandom random = stream(seed, 1000L + i);
            SyntheticUser user = user(i, width, random, windowStart, reference);
            users.add(user);
            plays.addAll(plays(user, settings, random, artists, byGenre, windowStart, reference));
        }
        List<TagAssignmentRow> assignments = tagAssignments(artists, users, plays, stream(seed, 2), windowStart,
                settings.days());
        List<int[]> friendships = friendships(users, stream(seed, 3));
        return new SyntheticDataset(settings, reference, windowStart, Genres.allTags(), List.copyOf(artists),
                List.copyOf(users), List.copyOf(plays), assignments, friendships);
    }

    /** One independent, reproducible random stream per part of the model. */
    private static SplittableRandom stream(long seed, long part) {
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + part * 0xC2B2AE3D27D4EB4FL);
    }

    // --- catalog ----------------------------------------------------------------------------------------------

    private static List<SyntheticArtist> catalog(SyntheticSettings settings, SplittableRandom random) {
        int n = settings.artists();
        List<String> names = names(n, random);
        int[] ranks = permutation(n, random);
        List<SyntheticArtist> artists = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String genre = Genres.ALL.get(i % Genres.ALL.size());
            List<WeightedTag> tags = new ArrayList<>();
            tags.add(new WeightedTag(genre, 100));
            List<String> candidates = new ArrayList<>(Genres.SECONDARY_TAGS.get(genre));
            shuffle(candidates, random);
            int secondary = 1 + random.nextInt(3);
            for (int k = 0; k < secondary; k++) {
                tags.add(new WeightedTag(candidates.get(k), 25 + random.nextInt(51)));
            }
            if (tags.size() < 4 && random.nextDouble() < 0.2) {
                // a crossover artist: carries a second genre, weaker than its own
                String other = Genres.ALL.get(random.nextInt(Genres.ALL.size()));
                if (!other.equals(genre)) {
                    tags.add(new WeightedTag(other, 20 + random.nextInt(31)));
                }
            }
            int rank = ranks[i] + 1;
            int trackCount = 6 + random.nextInt(7);
            List<String> tracks = new ArrayList<>();
            for (int t = 1; t <= trackCount; t++) {
                tracks.add("Track " + t);
            }
            String name = "Synthetic " + names.get(i) + " (" + genre + ")";
            artists.add(new SyntheticArtist(i + 1, name, genre, List.copyOf(tags), rank, 1.0 / rank,
                    List.copyOf(tracks)));
        }
        return artists;
    }

    /** Distinct "Adjective Noun" names; numbered once the combinations run out. */
    private static List<String> names(int n, SplittableRandom random) {
        List<String> combos = new ArrayList<>();
        for (String a : ADJECTIVES) {
            for (String b : NOUNS) {
                combos.add(a + " " + b);
            }
        }
        shuffle(combos, random);
        List<String> names = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            String base = combos.get(i % combos.size());
            names.add(i < combos.size() ? base : base + " " + (i / combos.size() + 1));
        }
        return names;
    }

    // --- listeners --------------------------------------------------------------------------------------------

    private static SyntheticUser user(int id, int width, SplittableRandom random, Instant start, Instant end) {
        List<String> genres = new ArrayList<>(Genres.ALL);
        shuffle(genres, random);
        int favourites = 1 + random.nextInt(3);
        Map<String, Double> early = new LinkedHashMap<>();
        double total = 0;
        double[] raw = new double[favourites];
        for (int k = 0; k < favourites; k++) {
            raw[k] = 1.0 + random.nextDouble(); // first favourites are not always the strongest
            total += raw[k];
        }
        for (int k = 0; k < favourites; k++) {
            early.put(genres.get(k), raw[k] / total);
        }
        String drift = genres.get(favourites); // a genre the listener did not favour before
        Map<String, Double> late = new LinkedHashMap<>();
        late.put(drift, DRIFT_SHARE);
        early.forEach((g, w) -> late.put(g, w * (1 - DRIFT_SHARE)));
        long span = Duration.between(start, end).getSeconds();
        Instant driftAt = start.plusSeconds((long) (span * (0.4 + 0.2 * random.nextDouble())));
        String userId = String.format("synthetic-%0" + width + "d", id);
        return new SyntheticUser(id, userId, Collections.unmodifiableMap(early), drift,
                Collections.unmodifiableMap(late), driftAt);
    }

    private static List<SyntheticPlay> plays(SyntheticUser user, SyntheticSettings settings, SplittableRandom random,
                                             List<SyntheticArtist> artists,
                                             Map<String, List<SyntheticArtist>> byGenre,
                                             Instant start, Instant end) {
        // sessions of 3-15 plays, one every 2.5-5 minutes, starting anywhere in the window that leaves room
        long latestSessionStart = Duration.between(start, end).getSeconds() - 15 * 300L;
        List<Instant> times = new ArrayList<>();
        while (times.size() < settings.playsPerUser()) {
            long t = start.getEpochSecond() + (long) (random.nextDouble() * latestSessionStart);
            int length = 3 + random.nextInt(13);
            for (int k = 0; k < length && times.size() < settings.playsPerUser(); k++) {
                times.add(Instant.ofEpochSecond(t));
                t += 150 + random.nextInt(151);
            }
        }
        times.sort(Comparator.naturalOrder());

        List<SyntheticPlay> plays = new ArrayList<>(times.size());
        SyntheticArtist previous = null;
        Instant previousAt = null;
        for (Instant at : times) {
            boolean sameSession = previousAt != null && Duration.between(previousAt, at).getSeconds() <= 300;
            SyntheticArtist artist;
            if (previous != null && sameSession && random.nextDouble() < STAY_ON_ARTIST) {
                artist = previous; // album-style listening
            } else if (random.nextDouble() < EXPLORE_SHARE) {
                artist = byPopularity(artists, random);
            } else {
                Map<String, Double> mix = at.isBefore(user.driftAt()) ? user.earlyGenres() : user.lateGenres();
                artist = byPopularity(byGenre.get(pick(mix, random)), random);
            }
            // Zipf within the artist's tracks too: the first tracks are the hits
            int track = zipfIndex(artist.tracks().size(), random);
            plays.add(new SyntheticPlay(user.id(), artist.id(), artist.tracks().get(track), at));
            previous = artist;
            previousAt = at;
        }
        return plays;
    }

    private static String pick(Map<String, Double> mix, SplittableRandom random) {
        List<String> genres = new ArrayList<>(mix.keySet()); // insertion order: deterministic
        double r = random.nextDouble();
        double acc = 0;
        for (String g : genres) {
            acc += mix.get(g);
            if (r < acc) {
                return g;
            }
        }
        return genres.get(genres.size() - 1);
    }

    private static SyntheticArtist byPopularity(List<SyntheticArtist> candidates, SplittableRandom random) {
        double total = 0;
        for (SyntheticArtist a : candidates) {
            total += a.popularity();
        }
        double r = random.nextDouble() * total;
        for (SyntheticArtist a : candidates) {
            r -= a.popularity();
            if (r < 0) {
                return a;
            }
        }
        return candidates.get(candidates.size() - 1);
    }

    private static int zipfIndex(int n, SplittableRandom random) {
        double total = 0;
        for (int i = 1; i <= n; i++) {
            total += 1.0 / i;
        }
        double r = random.nextDouble() * total;
        for (int i = 1; i <= n; i++) {
            r -= 1.0 / i;
            if (r < 0) {
                return i - 1;
            }
        }
        return n - 1;
    }

    // --- tags and friends -------------------------------------------------------------------------------------

    /**
     * Every artist is tagged by 3-8 listeners (more for popular ones), preferring listeners of its genre. Each
     * tagger uses the genre tag and each other tag with probability weight/100, so per-artist counts mirror the
     * catalog weights. A tagger who played the artist tags on the day of their first play of it.
     */
    private static List<TagAssignmentRow> tagAssignments(List<SyntheticArtist> artists, List<SyntheticUser> users,
                                                         List<SyntheticPlay> plays, SplittableRandom random,
                                                         Instant start, int days) {
        Map<Long, Instant> firstPlay = new LinkedHashMap<>();
        for (SyntheticPlay p : plays) {
            firstPlay.merge(((long) p.userIndex() << 32) | p.artistId(), p.playedAt(),
                    (a, b) -> a.isBefore(b) ? a : b);
        }
        LocalDate firstDay = LocalDate.ofInstant(start, ZoneOffset.UTC);
        List<TagAssignmentRow> rows = new ArrayList<>();
        for (SyntheticArtist artist : artists) {
            List<SyntheticUser> fans = new ArrayList<>();
            List<SyntheticUser> others = new ArrayList<>();
            for (SyntheticUser u : users) {
                boolean fan = u.earlyGenres().containsKey(artist.genre()) || u.driftGenre().equals(artist.genre());
                (fan ? fans : others).add(u);
            }
            shuffle(fans, random);
            shuffle(others, random);
            List<SyntheticUser> candidates = new ArrayList<>(fans);
            candidates.addAll(others);
            int taggers = Math.min(users.size(), 3 + (int) Math.round(5 * Math.sqrt(artist.popularity())));
            for (SyntheticUser tagger : candidates.subList(0, taggers)) {
                Instant played = firstPlay.get(((long) tagger.id() << 32) | artist.id());
                LocalDate day = played != null ? LocalDate.ofInstant(played, ZoneOffset.UTC)
                        : firstDay.plusDays(random.nextInt(days));
                for (WeightedTag tag : artist.tags()) {
                    if (tag.tag().equals(artist.genre()) || random.nextDouble() < tag.weight() / 100.0) {
                        rows.add(new TagAssignmentRow(tagger.id(), artist.id(), tag.tag(), day));
                    }
                }
            }
        }
        rows.sort(Comparator.comparingInt(TagAssignmentRow::userId).thenComparingInt(TagAssignmentRow::artistId)
                .thenComparing(TagAssignmentRow::tag));
        return List.copyOf(rows);
    }

    /** A few friendships (0-2 started per listener), mostly between listeners who share a favourite genre. */
    private static List<int[]> friendships(List<SyntheticUser> users, SplittableRandom random) {
        Set<Long> pairs = new LinkedHashSet<>();
        for (SyntheticUser u : users) {
            int wanted = random.nextInt(3);
            List<SyntheticUser> alike = new ArrayList<>();
            for (SyntheticUser v : users) {
                if (v.id() != u.id() && v.earlyGenres().keySet().stream().anyMatch(u.earlyGenres()::containsKey)) {
                    alike.add(v);
                }
            }
            List<SyntheticUser> pool = alike.isEmpty() || random.nextDouble() < 0.2
                    ? users.stream().filter(v -> v.id() != u.id()).toList() : alike;
            for (int k = 0; k < wanted && !pool.isEmpty(); k++) {
                SyntheticUser v = pool.get(random.nextInt(pool.size()));
                int a = Math.min(u.id(), v.id());
                int b = Math.max(u.id(), v.id());
                pairs.add(((long) a << 32) | b);
            }
        }
        return pairs.stream().sorted().map(p -> new int[] {(int) (p >>> 32), (int) (long) p}).toList();
    }

    // --- helpers ----------------------------------------------------------------------------------------------

    private static int[] permutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }
}
