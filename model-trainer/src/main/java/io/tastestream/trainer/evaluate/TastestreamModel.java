package io.tastestream.trainer.evaluate;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.TagAssignment;
import io.tastestream.core.dataset.UserArtist;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.RecommendedItem;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.progress.Progress;
import io.tastestream.core.recommend.Candidate;
import io.tastestream.core.recommend.CandidateGenerator;
import io.tastestream.core.recommend.CandidateGenerators;
import io.tastestream.core.recommend.Ranker;
import io.tastestream.core.recommend.Recommender;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.trainer.catalog.CatalogBuilder;
import io.tastestream.trainer.ranker.FeatureSet;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Our recommender, evaluated through exactly the code serving runs: a catalog built by {@link CatalogBuilder} from the
 * split's training data only, each user's {@link TasteState} folded from training events with core's taste math,
 * snapshotted, and ranked by core's {@link Recommender}.
 *
 * <p>How training interactions become taste events:
 * <ul>
 * <li>{@code random}: HetRec listening has counts but no times. Each training (user, artist, count) row becomes
 * {@code min(count, 1 + round(3 ln count))} plays, the same compression the replay uses, so the taste the recommender
 * sees here is the one serving sees after a replay. All plays fall at one instant: without times there is nothing for
 * decay to tell apart, and spreading them at random would only add noise.</li>
 * <li>{@code time}: listening counts cover the whole collection period, past the cutoff, so they would leak the test;
 * only training tag events are used. Each distinct (artist, day) a user tagged becomes one play that day (several
 * tags at once are one engagement), so taste decays by event time as it does live.</li>
 * </ul>
 * The recommender may propose artists the user already knows; those are training artists, removed here as the
 * contract says, so it is asked for k + |training artists| items.
 */
public final class TastestreamModel implements RankingModel {
    /** Core's recommender with the wide generators, re-ranked by XGBoost trained on this split's training data. */
    public static final String NAME = "tastestream";
    /**
     * Evaluate-only: the same, plus item-kNN over the whole training history and friends' listening as generators
     * and features ({@link FeatureSet#OFFLINE_ONLY}); serving cannot compute those, so it cannot run this model.
     */
    public static final String OFFLINE_FEATURES_NAME = "tastestream-offline-features";
    /**
     * The same as {@link #NAME} ranked by the trained XGBoost model even where the training selected a blend: what
     * the re-ranking by XGBoost alone gives over {@link #LINEAR_NAME}.
     */
    public static final String XGBOOST_NAME = "tastestream-xgboost";
    /** The same generators and features, ranked by core's fixed linear blend: what the re-ranking adds to. */
    public static final String LINEAR_NAME = "tastestream-linear";
    /** When HetRec's timeless listening is "played": the data set's collection date. */
    static final Instant UNDATED_PLAYS_AT = Instant.parse("2011-05-01T00:00:00Z");
    private static final String TRACK = "(artist)";

    private final Split split;
    private final Catalog catalog;
    private final Ranker ranker;
    private final TasteSettings settings;
    private final Map<String, int[]> itemsOfKey;
    private final Map<Integer, List<PlayEvent>> playsOfUser;
    private final String name;
    private final List<CandidateGenerator> generators;
    private Map<String, Object> selection = Map.of();

    public TastestreamModel(Split split, Ranker ranker, TasteSettings settings, Clock clock) {
        this(NAME, split, ranker, null, settings, clock);
    }

    /**
     * @param features null: core's default generators (what serving runs with the linear ranker); else the pool
     *                 of that feature set (see {@link FeatureSet})
     */
    public TastestreamModel(String name, Split split, Ranker ranker, FeatureSet features, TasteSettings settings,
                            Clock clock) {
        this.name = name;
        this.split = split;
        this.ranker = ranker;
        this.settings = settings;
        Dataset training = split.training();
        this.catalog = catalogOf(split, clock);
        this.generators = features == null ? CandidateGenerators.defaults() : features.generators(split, catalog);
        Map<String, TreeSet<Integer>> byKey = new HashMap<>();
        for (int i = 0; i < split.items().length; i++) {
            byKey.computeIfAbsent(Names.key(training.artistName(split.items()[i])), k -> new TreeSet<>()).add(i);
        }
        Map<String, int[]> keys = new HashMap<>();
        byKey.forEach((k, v) -> keys.put(k, v.stream().mapToInt(Integer::intValue).toArray()));
        this.itemsOfKey = Map.copyOf(keys);
        this.playsOfUser = plays(split);
    }

    /**
     * The split's catalog, from its training data only. evaluate's tastestream models run on one split one after the
     * other, and fitting the catalog's EASE takes a while: the last split's catalog is kept (by identity of the split
     * and the clock's instant) and reused.
     */
    private static Catalog catalogOf(Split split, Clock clock) {
        return CATALOGS.get(split, clock.instant(), () -> CatalogBuilder.build(split.training(),
                CatalogBuilder.DEFAULT_NEIGHBOURS, clock, Progress.NONE));
    }

    private static final LastOfSplit<Catalog> CATALOGS = new LastOfSplit<>();

    /** Records what the ranker's training chose (see {@link RankingModel#selection()}). */
    public TastestreamModel withSelection(Map<String, Object> selection) {
        this.selection = Map.copyOf(selection);
        return this;
    }

    @Override
    public Map<String, Object> selection() {
        return selection;
    }

    /** The catalog built from training data, for the report and for tests. */
    public Catalog catalog() {
        return catalog;
    }

    @Override
    public String name() {
        return name;
    }

    public Split split() {
        return split;
    }

    /**
     * The user's candidates with all features, minus the user's training artists (never ranked), each paired with
     * its item index in the split (-1 when outside it).
     */
    public List<ItemCandidate> candidates(Split.EvalUser user) {
        Recommender recommender = new Recommender(catalog, ranker, 1, generators);
        List<ItemCandidate> out = new ArrayList<>();
        for (Candidate c : recommender.candidates(taste(user.userId()))) {
            int[] items = itemsOfKey.getOrDefault(c.artist().key(), new int[0]);
            int item = items.length == 0 ? -1 : items[0];
            if (item < 0 || !user.isTraining(item)) {
                out.add(new ItemCandidate(item, c));
            }
        }
        return out;
    }

    public record ItemCandidate(int item, Candidate candidate) {}

    static int playsFor(long count) {
        return count <= 1 ? 1 : (int) Math.min(count, 1 + Math.round(3 * Math.log(count)));
    }

    private static Map<Integer, List<PlayEvent>> plays(Split split) {
        Dataset training = split.training();
        Map<Integer, List<PlayEvent>> out = new TreeMap<>();
        if (split.protocol() == Protocol.RANDOM) {
            for (UserArtist row : training.userArtists()) {
                String user = Integer.toString(row.userId());
                String artist = training.artistName(row.artistId());
                List<PlayEvent> list = out.computeIfAbsent(row.userId(), u -> new ArrayList<>());
                for (int k = 0; k < playsFor(row.weight()); k++) {
                    // distinct seconds keep them distinct plays (ids derive from the second), all "at once" for decay
                    list.add(PlayEvent.of(user, artist, TRACK, null, UNDATED_PLAYS_AT.plusSeconds(list.size()), 0,
                            "hetrec"));
                }
            }
        } else {
            Map<Integer, TreeSet<String>> seen = new HashMap<>();
            for (TagAssignment t : training.tagAssignments()) {
                LocalDate day = t.date();
                if (seen.computeIfAbsent(t.userId(), u -> new TreeSet<>()).add(t.artistId() + "@" + day)) {
                    out.computeIfAbsent(t.userId(), u -> new ArrayList<>()).add(PlayEvent.of(
                            Integer.toString(t.userId()), training.artistName(t.artistId()), TRACK, null,
                            day.atTime(12, 0).toInstant(ZoneOffset.UTC), 0, "hetrec"));
                }
            }
        }
        return out;
    }

    /** The user's taste from training events only, as the taste job would hold it. */
    public TasteSnapshot taste(int userId) {
        TasteState state = new TasteState();
        PlayEvent latest = null;
        for (PlayEvent play : playsOfUser.getOrDefault(userId, List.of())) {
            List<WeightedTag> tags = catalog.artist(play.artist()).map(CatalogArtist::tags).orElse(List.of());
            state.applyPlay(play, tags, settings);
            if (latest == null || play.playedAt().isAfter(latest.playedAt())) {
                latest = play;
            }
        }
        if (latest == null) {
            throw new IllegalArgumentException("user " + userId + " has no training events");
        }
        return state.snapshot(Integer.toString(userId), Trigger.of(latest), settings);
    }

    @Override
    public int[] rank(Split.EvalUser user, int k) {
        TasteSnapshot taste = taste(user.userId());
        Recommender recommender = new Recommender(catalog, ranker, k + user.trainItems().length, generators);
        int[] out = new int[k];
        int n = 0;
        for (RecommendedItem item : recommender.recommend(taste, taste.asOf()).items()) {
            for (int i : itemsOfKey.getOrDefault(Names.key(item.artist()), new int[0])) {
                if (n < k && !user.isTraining(i)) {
                    out[n++] = i;
                }
            }
        }
        return Arrays.copyOf(out, n);
    }
}
