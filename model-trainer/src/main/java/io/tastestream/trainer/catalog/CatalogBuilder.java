package io.tastestream.trainer.catalog;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.CatalogManifest;
import io.tastestream.core.catalog.EaseWeights;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.TagAssignment;
import io.tastestream.core.dataset.UserArtist;
import io.tastestream.core.progress.Progress;
import io.tastestream.trainer.baselines.EaseFit;
import io.tastestream.trainer.baselines.EaseModel;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds a core {@link Catalog} from a dataset: every artist that was listened to or tagged, with its listener
 * count, its top tags, its co-listen neighbours and its row of an EASE model fitted on the same binary listening
 * matrix (the {@code ease} baseline's math, {@link EaseFit}, over artists with at least {@link EaseModel#MIN_USERS}
 * listeners; the largest {@code easeWeights} weights of each row are kept).
 *
 * <p>Artists are identified by {@link Names#key} of their name, as everywhere else in tastestream. The source has a
 * few ids whose names differ only in case or width ("Король И Шут" / "Король и Шут"); they become one artist, with
 * their listeners and tags merged and the name of the id with the most listeners.
 *
 * <p>Tags are grouped by {@link Names#tagKey} ("Hip-Hop" and "hip hop" are one tag) and shown with the spelling used
 * most often in the data; an artist's tag weight is how many times it was tagged so.
 */
public final class CatalogBuilder {
    public static final int DEFAULT_NEIGHBOURS = 300;
    public static final int DEFAULT_EASE_WEIGHTS = 200;
    /**
     * How many of each EASE row's most negative weights the catalog keeps besides its largest positive ones: a sum
     * over positive weights only over-ranks artists the user's artists' listeners rarely share (HetRec {@code random}:
     * EASE from the 200 largest weights of each row 0.226 ndcg@10, with the 200 most negative too 0.238, as full EASE).
     */
    public static final int DEFAULT_EASE_NEGATIVE_WEIGHTS = 200;
    /**
     * The catalog's EASE λ, with {@link #DEFAULT_EASE_DROPOUT}: chosen on training data only, by the catalog's EASE
     * alone on the ranker's inner validation users of HetRec (ndcg@10 {@code random} 0.1985, {@code time} 0.0539 at
     * λ = 50 and p = 0.5; 0.1936 and 0.0529 for plain EASE at λ = 100, which had beaten λ = 50 there; 0.1951 /
     * 0.0528 at λ = 100, p = 0.5; 0.1957 / 0.0488 at λ = 20, p = 0.67). The {@code ease} baseline keeps plain EASE.
     */
    public static final double DEFAULT_EASE_LAMBDA = 50;
    /** EDLAE's dropout p: each artist's penalty is λ + p/(1−p)·(its listeners), see {@code EaseFit}. */
    public static final double DEFAULT_EASE_DROPOUT = 0.5;
    public static final int TAGS_PER_ARTIST = 10;
    public static final int MIN_LISTENERS_FOR_NEIGHBOURS = 2;

    private static final Logger LOG = LoggerFactory.getLogger(CatalogBuilder.class);
    private static final DateTimeFormatter VERSION_TIME =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(ZoneOffset.UTC);

    private CatalogBuilder() {}

    public static Catalog build(Dataset dataset) {
        return build(dataset, DEFAULT_NEIGHBOURS);
    }

    /** Builds with up to {@code neighbours} co-listen neighbours per artist, versioned at the current UTC time. */
    public static Catalog build(Dataset dataset, int neighbours) {
        return build(dataset, neighbours, Clock.systemUTC(), Progress.NONE);
    }

    public static Catalog build(Dataset dataset, int neighbours, Clock clock, Progress progress) {
        return build(dataset, neighbours, DEFAULT_EASE_WEIGHTS, DEFAULT_EASE_NEGATIVE_WEIGHTS, DEFAULT_EASE_LAMBDA,
                DEFAULT_EASE_DROPOUT, clock, progress);
    }

    /** Keeps only each EASE row's {@code easeWeights} largest positive weights (none of the negative ones). */
    public static Catalog build(Dataset dataset, int neighbours, int easeWeights, double easeLambda, Clock clock,
                                Progress progress) {
        return build(dataset, neighbours, easeWeights, 0, easeLambda, 0, clock, progress);
    }

    /**
     * @param easeWeights         how many of each EASE row's largest positive weights to keep (0: fit no EASE model,
     *                            the catalog has none)
     * @param easeNegativeWeights how many of each row's most negative weights to keep as well
     * @param easeLambda          EASE's L2 regularisation λ &gt; 0
     * @param easeDropout         EDLAE's dropout p in [0, 1) (0: plain EASE)
     */
    public static Catalog build(Dataset dataset, int neighbours, int easeWeights, int easeNegativeWeights,
                                double easeLambda, double easeDropout, Clock clock, Progress progress) {
        if (neighbours < 0) {
            throw new IllegalArgumentException("neighbours must not be negative, was " + neighbours);
        }
        if (easeWeights < 0) {
            throw new IllegalArgumentException("EASE weights per artist must not be negative, was " + easeWeights);
        }
        if (easeNegativeWeights < 0) {
            throw new IllegalArgumentException("negative EASE weights per artist must not be negative, was "
                    + easeNegativeWeights);
        }
        Instant createdAt = clock.instant();
        ArtistIndex index = ArtistIndex.of(dataset);
        int[][] usersOf = new int[index.size()][];
        int[][] artistsOf = listenMatrix(dataset, index, usersOf);

        List<List<WeightedTag>> tags = topTags(dataset, index);
        List<CatalogArtist> artists = new ArrayList<>(index.size());
        for (int a = 0; a < index.size(); a++) {
            artists.add(new CatalogArtist(index.keys[a], index.names[a], usersOf[a].length, tags.get(a)));
        }

        List<List<CoListenNeighbours.Entry>> similar = CoListenNeighbours.compute(usersOf, artistsOf, index.keys,
                neighbours, MIN_LISTENERS_FOR_NEIGHBOURS, progress);
        Map<String, List<Neighbour>> neighbourMap = new LinkedHashMap<>();
        int pairs = 0;
        for (int a = 0; a < index.size(); a++) {
            List<CoListenNeighbours.Entry> list = similar.get(a);
            if (!list.isEmpty()) {
                neighbourMap.put(index.keys[a], list.stream()
                        .map(e -> new Neighbour(index.keys[e.artist()], e.similarity())).toList());
                pairs += list.size();
            }
        }

        Map<String, EaseWeights> ease = easeWeights == 0 ? Map.of()
                : easeRows(artistsOf, usersOf, index.keys, easeWeights, easeNegativeWeights, easeLambda, easeDropout);
        int easePairs = ease.values().stream().mapToInt(EaseWeights::size).sum();

        String version = "catalog-" + VERSION_TIME.format(createdAt) + "-" + contentHash(artists, neighbourMap, ease);
        CatalogManifest manifest = new CatalogManifest(CatalogManifest.FORMAT, version, createdAt,
                dataset.describeSources(), artists.size(), pairs, easePairs, easeWeights == 0 ? 0 : easeLambda,
                easeWeights == 0 ? 0 : easeDropout);
        LOG.info("built catalog {}: {} artists, {} neighbour pairs, {} EASE weights of {} artists from {} users",
                version, artists.size(), pairs, easePairs, ease.size(), artistsOf.length);
        return new Catalog(manifest, artists, neighbourMap, ease);
    }

    /**
     * EASE on the binary artist matrix; each covered artist's {@code k} largest positive weights, its
     * {@code negative} most negative weights, and P[j, j].
     */
    static Map<String, EaseWeights> easeRows(int[][] artistsOf, int[][] usersOf, String[] keys, int k, int negative,
                                             double lambda, double dropout) {
        int[] listeners = new int[usersOf.length];
        for (int a = 0; a < listeners.length; a++) {
            listeners[a] = usersOf[a].length;
        }
        EaseFit fit = new EaseFit(artistsOf, listeners, EaseModel.MIN_USERS, lambda, dropout);
        Map<String, EaseWeights> out = new LinkedHashMap<>();
        for (int col = 0; col < fit.covered(); col++) {
            int[] largest = fit.topColumns(col, k);
            int[] smallest = negative == 0 ? new int[0] : fit.bottomColumns(col, negative);
            int[] top = Arrays.copyOf(largest, largest.length + smallest.length);
            System.arraycopy(smallest, 0, top, largest.length, smallest.length);
            List<String> targets = new ArrayList<>(top.length);
            float[] weights = new float[top.length];
            for (int t = 0; t < top.length; t++) {
                targets.add(keys[fit.itemOfColumn(top[t])]);
                weights[t] = (float) fit.weightAt(col, top[t]);
            }
            out.put(keys[fit.itemOfColumn(col)], new EaseWeights(fit.diagonalAt(col), targets, weights));
        }
        return out;
    }

    /**
     * Fills {@code usersOf} (artist → sorted distinct users) and returns user → sorted distinct artists, by dense
     * indices. Listening counts are ignored: the matrix is binary (listened or not).
     */
    private static int[][] listenMatrix(Dataset dataset, ArtistIndex index, int[][] usersOf) {
        Map<Integer, Integer> userIndex = new HashMap<>();
        long[] pairs = new long[dataset.userArtists().size()];
        int n = 0;
        for (UserArtist row : dataset.userArtists()) {
            int user = userIndex.computeIfAbsent(row.userId(), id -> userIndex.size());
            pairs[n++] = ((long) index.of(row.artistId()) << 32) | user;
        }
        // sorted by artist then user: duplicates (merged ids, unioned directories) become adjacent
        Arrays.sort(pairs);
        int[] listenersPerArtist = new int[index.size()];
        int[] artistsPerUser = new int[userIndex.size()];
        int distinct = 0;
        for (int i = 0; i < n; i++) {
            if (i == 0 || pairs[i] != pairs[i - 1]) {
                pairs[distinct++] = pairs[i];
                listenersPerArtist[(int) (pairs[i] >>> 32)]++;
                artistsPerUser[(int) pairs[i]]++;
            }
        }
        int[][] artistsOf = new int[userIndex.size()][];
        for (int u = 0; u < artistsOf.length; u++) {
            artistsOf[u] = new int[artistsPerUser[u]];
            artistsPerUser[u] = 0;
        }
        for (int a = 0; a < usersOf.length; a++) {
            usersOf[a] = new int[listenersPerArtist[a]];
            listenersPerArtist[a] = 0;
        }
        for (int i = 0; i < distinct; i++) {
            int a = (int) (pairs[i] >>> 32);
            int u = (int) pairs[i];
            usersOf[a][listenersPerArtist[a]++] = u;
            artistsOf[u][artistsPerUser[u]++] = a;
        }
        return artistsOf;
    }

    /** Each artist's {@link #TAGS_PER_ARTIST} most assigned tags, heaviest first (ties by spelling). */
    private static List<List<WeightedTag>> topTags(Dataset dataset, ArtistIndex index) {
        Map<Integer, String> tagKeyOfId = new HashMap<>();
        dataset.tags().forEach((id, value) -> {
            String key = Names.tagKey(value);
            if (!key.isEmpty()) {
                tagKeyOfId.put(id, key);
            }
        });
        Map<String, Map<String, Integer>> spellings = new HashMap<>();
        List<Map<String, Integer>> counts = new ArrayList<>(index.size());
        for (int a = 0; a < index.size(); a++) {
            counts.add(new HashMap<>());
        }
        int unknown = 0;
        for (TagAssignment row : dataset.tagAssignments()) {
            String key = tagKeyOfId.get(row.tagId());
            if (key == null) {
                unknown++;
                continue;
            }
            counts.get(index.of(row.artistId())).merge(key, 1, Integer::sum);
            spellings.computeIfAbsent(key, k -> new HashMap<>()).merge(dataset.tags().get(row.tagId()), 1,
                    Integer::sum);
        }
        if (unknown > 0) {
            LOG.warn("{} tag assignments name a tag id missing from tags.dat (or a blank tag); left out of the "
                    + "artists' tags", unknown);
        }
        Map<String, String> spellingOf = new HashMap<>();
        spellings.forEach((key, byValue) -> spellingOf.put(key, byValue.entrySet().stream()
                .max(Map.Entry.<String, Integer>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey(Comparator.reverseOrder())))
                .orElseThrow().getKey()));
        List<List<WeightedTag>> out = new ArrayList<>(index.size());
        for (Map<String, Integer> byKey : counts) {
            out.add(byKey.entrySet().stream()
                    .map(e -> new WeightedTag(spellingOf.get(e.getKey()), e.getValue()))
                    .sorted(Comparator.comparingDouble(WeightedTag::weight).reversed()
                            .thenComparing(WeightedTag::tag))
                    .limit(TAGS_PER_ARTIST)
                    .toList());
        }
        return out;
    }

    /** 8 hex digits of SHA-256 over the artists and neighbours in a canonical order: same data, same suffix. */
    static String contentHash(List<CatalogArtist> artists, Map<String, List<Neighbour>> neighbours,
                              Map<String, EaseWeights> ease) {
        MessageDigest sha;
        try {
            sha = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
        StringBuilder line = new StringBuilder();
        for (CatalogArtist a : artists.stream().sorted(Comparator.comparing(CatalogArtist::key)).toList()) {
            line.setLength(0);
            line.append("A\t").append(a.key()).append('\t').append(a.name()).append('\t').append(a.listeners());
            a.tags().forEach(t -> line.append('\t').append(t.tag()).append('=').append(t.weight()));
            sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        for (var e : new TreeMap<>(neighbours).entrySet()) {
            line.setLength(0);
            line.append("N\t").append(e.getKey());
            e.getValue().forEach(n -> line.append('\t').append(n.artistKey()).append('=').append(n.similarity()));
            sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        for (var e : new TreeMap<>(ease).entrySet()) {
            line.setLength(0);
            line.append("E\t").append(e.getKey()).append('\t').append(e.getValue().diagonal());
            for (int i = 0; i < e.getValue().size(); i++) {
                line.append('\t').append(e.getValue().keys().get(i)).append('=').append(e.getValue().weights()[i]);
            }
            sha.update(line.append('\n').toString().getBytes(StandardCharsets.UTF_8));
        }
        return HexFormat.of().formatHex(sha.digest(), 0, 4);
    }

    /** Dense indices for artist keys (sorted, so the build is deterministic) and the source ids behind each. */
    private static final class ArtistIndex {
        final String[] keys;
        final String[] names;
        private final Map<Integer, Integer> indexOfId;

        private ArtistIndex(String[] keys, String[] names, Map<Integer, Integer> indexOfId) {
            this.keys = keys;
            this.names = names;
            this.indexOfId = indexOfId;
        }

        static ArtistIndex of(Dataset dataset) {
            // distinct listeners per source id, from sorted (artist id, user id) pairs
            long[] pairs = dataset.userArtists().stream()
                    .mapToLong(row -> ((long) row.artistId() << 32) | (row.userId() & 0xFFFF_FFFFL))
                    .sorted().distinct().toArray();
            Map<Integer, Integer> listenersOfId = new HashMap<>();
            for (long pair : pairs) {
                listenersOfId.merge((int) (pair >> 32), 1, Integer::sum);
            }
            TreeSet<Integer> ids = new TreeSet<>(listenersOfId.keySet());
            dataset.tagAssignments().forEach(row -> ids.add(row.artistId()));
            TreeMap<String, List<Integer>> idsByKey = new TreeMap<>();
            for (int id : ids) {
                idsByKey.computeIfAbsent(Names.key(dataset.artistName(id)), k -> new ArrayList<>()).add(id);
            }
            String[] keys = new String[idsByKey.size()];
            String[] names = new String[idsByKey.size()];
            Map<Integer, Integer> indexOfId = new HashMap<>();
            int i = 0;
            for (var e : idsByKey.entrySet()) {
                keys[i] = e.getKey();
                // ids ascending, so on equal listeners the smallest id names the artist
                int best = e.getValue().stream()
                        .max(Comparator.comparingInt((Integer id) -> listenersOfId.getOrDefault(id, 0))
                                .thenComparing(Comparator.reverseOrder()))
                        .orElseThrow();
                names[i] = dataset.artistName(best);
                for (int id : e.getValue()) {
                    indexOfId.put(id, i);
                }
                i++;
            }
            return new ArtistIndex(keys, names, indexOfId);
        }

        int size() {
            return keys.length;
        }

        int of(int artistId) {
            return indexOfId.get(artistId);
        }
    }
}
