package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Core's generators. Weights are normalised per user (shares of the user's total), so a heavy listener and a light
 * one get comparable features.
 */
public final class CandidateGenerators {
    private CandidateGenerators() {}

    /** What serving has always used: neighbours of the 15 heaviest artists, popular artists of the 8 heaviest tags. */
    public static List<CandidateGenerator> defaults() {
        return List.of(coListen(15, 30), tagPopularity(8, 40));
    }

    /**
     * A wider pool for a trained ranker to sort out: more sources, more artists per tag, tag-profile matches, and
     * EASE's best (nothing from EASE when the catalog has no EASE rows).
     */
    public static List<CandidateGenerator> wide() {
        return List.of(coListen(50, 100), tagPopularity(12, 60), tagProfile(20, 150, 100), ease(100));
    }

    /** {@link #wide()} before EASE: the pool rankers without EASE features (schema serving-v2) were trained on. */
    public static List<CandidateGenerator> wideWithoutEase() {
        return List.of(coListen(50, 100), tagPopularity(12, 60), tagProfile(20, 150, 100));
    }

    /**
     * The pool a trained ranker was trained on and is served with: {@link #wide()} for a trained model reading EASE
     * features, {@link #wideWithoutEase()} for one trained before them, the {@link #defaults()} for the
     * {@link LinearRanker}, whose fixed weights were set on that narrower pool.
     */
    public static List<CandidateGenerator> forRanker(Ranker ranker) {
        if (ranker instanceof LinearRanker linear && linear.isBuiltIn()) {
            return defaults();
        }
        return ranker.schema().names().stream().anyMatch(n -> n.startsWith("ease")) ? wide() : wideWithoutEase();
    }

    /**
     * EASE's best for the user from the catalog's EASE rows of the user's top artists: the {@code perScore} highest
     * by Σ B[a, ·] and the {@code perScore} highest by Σ share(a)·B[a, ·], minus the user's own top artists. Their
     * features, and every other candidate's, are set by {@link Features#complete}.
     */
    public static CandidateGenerator ease(int perScore) {
        return (taste, catalog, out) -> {
            EaseSums sums = EaseSums.of(taste, catalog);
            Map<String, double[]> scores = new java.util.HashMap<>();
            for (EaseSums.Source s : sums.sources()) {
                for (int i = 0; i < s.row().size(); i++) {
                    String key = s.row().keys().get(i);
                    double w = s.row().weights()[i];
                    if (!sums.isSource(key)) {
                        double[] v = scores.computeIfAbsent(key, k -> new double[2]);
                        v[0] += w;
                        v[1] += s.share() * w;
                    }
                }
            }
            if (scores.isEmpty()) {
                return;
            }
            Set<String> liked = new HashSet<>(taste.liked());
            Map<String, CatalogArtist> byKey = byKey(catalog);
            for (int score = 0; score < 2; score++) {
                final int by = score;
                List<String> best = scores.entrySet().stream()
                        .filter(e -> e.getValue()[by] > 0)
                        .sorted(Comparator.comparingDouble((Map.Entry<String, double[]> e) -> -e.getValue()[by])
                                .thenComparing(Map.Entry::getKey))
                        .limit(perScore).map(Map.Entry::getKey).toList();
                for (String key : best) {
                    CatalogArtist artist = byKey.get(key);
                    if (artist == null || out.containsKey(key)) {
                        continue; // already proposed, with its own evidence for the explanation
                    }
                    Candidate c = Candidate.in(out, artist);
                    // the user's artists whose rows weigh it, for "fans of …"
                    for (EaseSums.Source s : sums.sources()) {
                        Float w = s.byKey().get(key);
                        if (w != null && w > 0) {
                            c.becauseOfArtist(s.name(), s.share() * w, liked.contains(s.key()));
                        }
                    }
                }
            }
        };
    }

    /** Co-listen neighbours of the user's {@code sourceArtists} heaviest decayed artists, all the catalog lists. */
    public static CandidateGenerator coListen(int sourceArtists) {
        return coListen(sourceArtists, Integer.MAX_VALUE);
    }

    /**
     * The {@code perSource} most similar co-listen neighbours of each of the user's {@code sourceArtists} heaviest
     * decayed artists. The catalog may keep longer lists: {@link Features#COLISTEN_SUM} reads them all, while the
     * pool (and so the cost of ranking it) stays bounded.
     */
    public static CandidateGenerator coListen(int sourceArtists, int perSource) {
        return (taste, catalog, out) -> {
            Set<String> liked = new HashSet<>(taste.liked());
            List<Weighted> artists = taste.topArtists().stream().limit(sourceArtists).toList();
            double total = artists.stream().mapToDouble(Weighted::weight).sum();
            for (Weighted source : artists) {
                double share = source.weight() / total;
                boolean isLiked = liked.contains(KeyCache.key(source.name()));
                Map<String, CatalogArtist> byKey = byKey(catalog);
                List<Neighbour> list = catalog.allNeighbours().getOrDefault(KeyCache.key(source.name()), List.of());
                for (Neighbour n : list.subList(0, Math.min(perSource, list.size()))) {
                    CatalogArtist artist = byKey.get(n.artistKey());
                    if (artist == null) {
                        continue;
                    }
                    double contribution = share * n.similarity();
                    Candidate c = Candidate.in(out, artist)
                            .add(Features.COLISTEN, contribution)
                            .max(Features.COLISTEN_MAX, n.similarity())
                            .add(Features.COLISTEN_SOURCES, 1)
                            .becauseOfArtist(source.name(), contribution, isLiked);
                    if (isLiked) {
                        c.add(Features.COLISTEN_LIKED, contribution);
                    }
                }
            }
        };
    }

    /** The most listened artists within the user's {@code sourceTags} heaviest decayed tags. */
    public static CandidateGenerator tagPopularity(int sourceTags, int artistsPerTag) {
        return (taste, catalog, out) -> {
            List<Weighted> tags = taste.topTags().stream().limit(sourceTags).toList();
            double total = tags.stream().mapToDouble(Weighted::weight).sum();
            for (Weighted tag : tags) {
                double share = tag.weight() / total;
                String tagKey = KeyCache.tagKey(tag.name());
                for (CatalogArtist artist : catalog.artistsWithTag(tagKey, artistsPerTag)) {
                    double contribution = share * KeyCache.tagShare(artist, tagKey);
                    Candidate.in(out, artist).add(Features.TAG_MATCH, contribution).becauseOfTag(tag.name(), contribution);
                }
            }
        };
    }

    /**
     * Artists whose whole tag vector is closest (cosine) to the user's decayed tag vector: among the
     * {@code perTag} most listened artists of each of the user's {@code sourceTags} heaviest tags, the {@code keep}
     * best matches, even when they are not popular within any single tag.
     */
    public static CandidateGenerator tagProfile(int sourceTags, int perTag, int keep) {
        return (taste, catalog, out) -> {
            Map<String, Double> shares = Features.tagShares(taste);
            double norm = Features.norm(shares);
            Map<String, CatalogArtist> pool = new LinkedHashMap<>();
            for (Weighted tag : taste.topTags().stream().limit(sourceTags).toList()) {
                for (CatalogArtist a : catalog.artistsWithTag(KeyCache.tagKey(tag.name()), perTag)) {
                    pool.putIfAbsent(a.key(), a);
                }
            }
            record Match(CatalogArtist artist, double cosine) {}
            List<Match> matches = new ArrayList<>();
            for (CatalogArtist a : pool.values()) {
                matches.add(new Match(a, Features.tagCosine(shares, norm, a)));
            }
            matches.sort(Comparator.comparingDouble(Match::cosine).reversed()
                    .thenComparing(m -> m.artist().key()));
            for (Match m : matches.subList(0, Math.min(keep, matches.size()))) {
                Candidate c = Candidate.in(out, m.artist());
                for (Weighted tag : taste.topTags().stream().limit(sourceTags).toList()) {
                    double share = shares.getOrDefault(KeyCache.tagKey(tag.name()), 0.0);
                    double artistShare = KeyCache.tagShare(m.artist(), KeyCache.tagKey(tag.name()));
                    if (artistShare > 0 && !c.becauseOfTags().containsKey(tag.name())) {
                        c.becauseOfTag(tag.name(), share * artistShare);
                    }
                }
            }
        };
    }

    /** Catalog artists by key without re-normalising keys that already are keys (the catalog's own lookup does). */
    private static final Map<Catalog, Map<String, CatalogArtist>> BY_KEY =
            java.util.Collections.synchronizedMap(new java.util.WeakHashMap<>());

    static Map<String, CatalogArtist> byKey(Catalog catalog) {
        return BY_KEY.computeIfAbsent(catalog, c -> {
            Map<String, CatalogArtist> m = new java.util.HashMap<>();
            c.artists().forEach(a -> m.put(a.key(), a));
            return Map.copyOf(m);
        });
    }

    /** Runs the generators in order into one pool, keyed by artist key, in first-proposed order. */
    static Map<String, Candidate> generate(List<CandidateGenerator> generators, TasteSnapshot taste, Catalog catalog) {
        Map<String, Candidate> out = new LinkedHashMap<>();
        for (CandidateGenerator g : generators) {
            g.generate(taste, catalog, out);
        }
        return out;
    }
}
