package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Taste in, explained recommendations out: candidates from co-listen neighbours and tag matches, minus what the
 * user just played, liked already, skipped or banned, ranked, each with a one-line reason. Stateless and
 * thread-safe; serving calls it once per taste snapshot, and offline evaluation calls the same code.
 */
public final class Recommender {
    private final Catalog catalog;
    private final Ranker ranker;
    private final int size;
    private final List<CandidateGenerator> generators;

    /**
     * @param generators who proposes candidates, in order (see {@link CandidateGenerators}); each candidate then gets
     *                   the features of {@link Features#complete} and is scored by {@code ranker}
     */
    public Recommender(Catalog catalog, Ranker ranker, int size, List<CandidateGenerator> generators) {
        this.catalog = catalog;
        this.ranker = ranker;
        this.size = size;
        this.generators = List.copyOf(generators);
    }

    public Recommender(Catalog catalog, Ranker ranker, int size) {
        this(catalog, ranker, size, CandidateGenerators.defaults());
    }

    public Recommender(Catalog catalog, int size) {
        this(catalog, new LinearRanker(), size);
    }

    public String version() {
        return catalog.version() + "/" + ranker.version();
    }

    public Ranker ranker() {
        return ranker;
    }

    public Catalog catalog() {
        return catalog;
    }

    /** How many items a recommendation holds at most. */
    public int size() {
        return size;
    }

    /**
     * Every candidate the generators propose for this taste, minus what the user excluded, with all features set:
     * what the ranker scores, and what a ranker is trained on.
     */
    public List<Candidate> candidates(TasteSnapshot taste) {
        Set<String> excluded = excluded(taste);
        List<Candidate> out = new ArrayList<>();
        for (Candidate c : CandidateGenerators.generate(generators, taste, catalog).values()) {
            if (!excluded.contains(c.artist().key())) {
                out.add(c);
            }
        }
        Features.complete(out, taste, catalog);
        return out;
    }

    public Recommendations recommend(TasteSnapshot taste, Instant now) {
        Set<String> excluded = excluded(taste);
        Map<String, Double> tagShares = tagShares(taste);
        record Scored(Candidate candidate, double score, double[] features) {}
        List<Candidate> candidates = candidates(taste);
        FeatureSchema schema = ranker.schema();
        double[][] rows = new double[candidates.size()][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = schema.vector(candidates.get(i));
        }
        double[] scores = rows.length == 0 ? new double[0] : ranker.score(rows);
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < rows.length; i++) {
            scored.add(new Scored(candidates.get(i), scores[i], rows[i]));
        }
        scored.sort(Comparator.comparingDouble(Scored::score).reversed()
                .thenComparing(s -> s.candidate().artist().key()));
        List<Scored> shown = scored.subList(0, Math.min(size, scored.size()));
        // contributions only for what is shown: they explain it
        double[][] contributions = shown.isEmpty() ? new double[0][]
                : ranker.contributions(shown.stream().map(Scored::features).toArray(double[][]::new));
        List<RecommendedItem> items = new ArrayList<>();
        for (int i = 0; i < shown.size(); i++) {
            Scored s = shown.get(i);
            items.add(new RecommendedItem(items.size() + 1, s.candidate().artist().name(), s.score(),
                    Explanation.reason(s.candidate(), schema.byName(contributions[i]), tagShares)));
        }
        if (items.isEmpty()) {
            items = coldStart(excluded);
        }
        return new Recommendations(Recommendations.CURRENT_VERSION, taste.userId(), now, taste.asOf(),
                taste.trigger(), version(), items);
    }

    /** Nothing to go on: the most listened artists overall, still minus what the user excluded. */
    private List<RecommendedItem> coldStart(Set<String> excluded) {
        List<CatalogArtist> popular = catalog.artists().stream()
                .filter(a -> !excluded.contains(a.key()))
                .sorted(Comparator.comparingLong(CatalogArtist::listeners).reversed().thenComparing(CatalogArtist::key))
                .limit(size).toList();
        List<RecommendedItem> items = new ArrayList<>();
        for (CatalogArtist a : popular) {
            items.add(new RecommendedItem(items.size() + 1, a.name(), catalog.popularity(a), Explanation.coldStart()));
        }
        return items;
    }

    /** Artist keys not to recommend: just played, already liked, skipped or banned (artist-level or via a track). */
    private static Set<String> excluded(TasteSnapshot taste) {
        Set<String> out = new HashSet<>();
        for (RecentPlay p : taste.recentPlays()) {
            out.add(Names.key(p.artist()));
        }
        for (List<String> keys : List.of(taste.liked(), taste.skipped(), taste.banned())) {
            for (String key : keys) {
                // item keys are "artist" or "artist\u001ftrack": a banned track hides its artist; a liked or skipped track does not
                int sep = key.indexOf('\u001f');
                if (sep < 0 || keys == taste.banned()) {
                    out.add(sep < 0 ? key : key.substring(0, sep));
                }
            }
        }
        return out;
    }

    /** Each top tag's share of the user's tag weight, for "post-rock 41%". */
    private static Map<String, Double> tagShares(TasteSnapshot taste) {
        double total = taste.topTags().stream().mapToDouble(Weighted::weight).sum();
        Map<String, Double> shares = new LinkedHashMap<>();
        for (Weighted t : taste.topTags()) {
            shares.put(t.name(), total == 0 ? 0 : t.weight() / total);
        }
        return shares;
    }
}
