package io.tastestream.core.taste;

import com.fasterxml.jackson.annotation.JsonMerge;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.serde.JsonCodec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One user's taste: decayed tag and artist weights, recent plays and feedback. Pure logic, shared by the Flink job
 * (which keeps it per user in RocksDB) and by offline evaluation, so both compute taste the same way.
 *
 * <p>Every update is order-independent: weights are {@link DecayedWeight}s, recent plays are the N latest by event
 * time, and feedback keeps the latest event time per item. Applying the same events in any order gives the same
 * state (weights up to rounding). Not thread-safe; one instance per user.
 *
 * <p>State is bounded: at most {@link TasteSettings#maxTags()} tags and {@link TasteSettings#maxArtists()} artists
 * are kept, pruning the weights closest to zero (decayed to the latest event time), and likes and skips keep the
 * latest {@code maxArtists} items. A map that goes over its bound is cut to 90% of it, so the sort that pruning
 * needs runs once per tenth of the bound rather than on every event. Pruning forgets, so the result equals the formula over all events exactly only
 * while a user stays under the bounds; beyond them the pruned weights are the ones least able to reach the top-N.
 * Bans are never pruned (forgetting one would show a banned artist again).
 */
public final class TasteState {

    public static final JsonCodec<TasteState> SERDE = JsonCodec.of(TasteState.class);

    // Jackson reads and writes these public fields (TasteState.SERDE, older saved states). The weights are
    // WeightMaps (compact, see there) and the names are views of them: Jackson reads into these very maps
    // (@JsonMerge), whichever of weights and names come first.
    @JsonMerge
    public final WeightMap tags = new WeightMap();
    @JsonMerge
    public final WeightMap artists = new WeightMap();
    /** artist key → the name as first seen since the artist's weight was created, for display. */
    @JsonMerge
    public final Map<String, String> artistNames = artists.names();
    /** tag key → the tag as first seen ("post-rock" for key "post rock"), for display. */
    @JsonMerge
    public final Map<String, String> tagNames = tags.names();
    public List<RecentPlay> recentPlays = new ArrayList<>();
    /** item key → event time (ms) of the latest LIKE. */
    public Map<String, Long> liked = new HashMap<>();
    /** item key → event time (ms) of the latest SKIP. */
    public Map<String, Long> skipped = new HashMap<>();
    /** item key → event time (ms) of the latest BAN (positive) or UNBAN (negative), whichever is later. */
    public Map<String, Long> banDecisions = new HashMap<>();
    public long latestMillis = Long.MIN_VALUE;
    public long eventsApplied;

    /**
     * The {@link #recentPlays} list as this class last left it, sorted, and its size then: while both still match,
     * the next play need not check the order again. Not state (transient and private: neither Jackson nor the
     * job's codec sees it); a list set or changed from outside is checked again, as its size or identity differ.
     */
    private transient List<RecentPlay> knownSorted;
    private transient int knownSortedSize;

    /** Applies a play whose artist carries {@code tags} (empty when none are known yet). */
    public void applyPlay(PlayEvent play, List<WeightedTag> itemTags, TasteSettings settings) {
        long t = play.playedAt().toEpochMilli();
        double w = settings.playWeight(play.msPlayed());
        addWeight(play.artist(), itemTags, w, t, settings.halfLife());
        addRecentPlay(new RecentPlay(play.artist(), play.track(), play.playedAt()), settings.recentPlays());
        touch(t);
        prune(settings);
    }

    /**
     * Takes back a play applied earlier with {@link #applyPlay}, exactly: afterwards the state is the one it would be
     * had the play never been applied (weights to rounding), whatever was applied before or after it. For when two
     * sources turn out to have reported one play and the one applied first is not the one to keep (the taste job
     * retracts a Last.fm scrobble once Spotify's record of it arrives, then applies Spotify's).
     *
     * <ul>
     *   <li>Weights: the play's weight (from {@code settings}, which must be the settings it was applied with) is
     *       subtracted at the play's time from its artist and from {@code tagsUsedWhenApplied} (the artist's tags
     *       <em>as they were when the play was applied</em>; the caller keeps them, since tags change) in the same
     *       shares. Weights are additive and decay is order-independent, so this cancels the play exactly. An entry
     *       that the subtraction brings back to zero (within 1e-9 of the amount taken back) is removed with its
     *       display name, as if it had never been created.</li>
     *   <li>Bounded maps: an artist or tag the state already pruned is left alone (pruning forgot the play's share
     *       with it; no negative entry is created). If it was pruned and then created again by later events before
     *       the retraction, the new entry never held this play's share and ends lower by it (at most one play's
     *       weight, decaying like any other; it may go below zero). That needs the artist to fall among the weights
     *       nearest zero between the scrobble and Spotify's record of it, minutes to days apart; the state cannot
     *       tell (it keeps no history per entry). So the result is exact while the user stays under
     *       {@code taste.max-tags}/{@code taste.max-artists}, like the rest of the state.</li>
     *   <li>{@code recentPlays}: the play's entry is removed. When the list was full, the play had pushed out the
     *       oldest entry, which cannot be brought back: the list is one short until the next play (exact while the
     *       user has at most {@code taste.recent-plays} plays, or when the retracted play was not among them).</li>
     *   <li>{@code eventsApplied} goes down by one (it counts the events that make up the state); {@code latestMillis}
     *       becomes the latest time of the remaining events (recent plays, likes, skips and ban decisions keep each
     *       event kind's latest time, so it is exact).</li>
     * </ul>
     * Retracting a play that was never applied corrupts the state: the caller retracts only what it applied.
     */
    public void retractPlay(PlayEvent play, List<WeightedTag> tagsUsedWhenApplied, TasteSettings settings) {
        long t = play.playedAt().toEpochMilli();
        double w = settings.playWeight(play.msPlayed());
        HalfLife h = settings.halfLife();
        String artistKey = Names.key(play.artist());
        retractWeight(artists, artistKey, w, t, h);
        double total = sumOfWeights(tagsUsedWhenApplied);
        if (total > 0) {
            for (WeightedTag tag : tagsUsedWhenApplied) {
                double share = w * tag.weight() / total;
                if (share != 0) {
                    retractWeight(tags, Names.tagKey(tag.tag()), share, t, h);
                }
            }
        }
        recentPlays.remove(new RecentPlay(play.artist(), play.track(), play.playedAt()));
        eventsApplied--;
        if (t >= latestMillis) {
            latestMillis = latestEventMillis();
        }
    }

    /** Latest first; artist, then track (absent as "") break ties, so the same plays always list the same way. */
    private static final Comparator<RecentPlay> LATEST_FIRST = TasteState::compareLatestFirst;

    /** {@link #LATEST_FIRST} written out: the comparator chain it was cost more than the rest of a play. */
    private static int compareLatestFirst(RecentPlay a, RecentPlay b) {
        int c = b.playedAt().compareTo(a.playedAt());
        if (c != 0) {
            return c;
        }
        c = a.artist().compareTo(b.artist());
        if (c != 0) {
            return c;
        }
        return (a.track() == null ? "" : a.track()).compareTo(b.track() == null ? "" : b.track());
    }

    /**
     * Adds a play to the recent plays unless it is there already, keeping the {@code max} first in
     * {@link #LATEST_FIRST} order: the same list as appending it, sorting (stably) and cutting to {@code max}, but
     * with one pass and an insertion instead of a sort per play. The list is always sorted when it was written by
     * this class; one that is not (hand-made) is sorted the old way.
     */
    private void addRecentPlay(RecentPlay recent, int max) {
        List<RecentPlay> list = recentPlays;
        int size = list.size();
        if (list == knownSorted && size == knownSortedSize
                && (size == 0 || recent.playedAt().isAfter(list.get(0).playedAt()))) {
            // the usual case, a play newer than all: no entry can equal it and it goes first
            list.add(0, recent);
            while (list.size() > max) {
                list.remove(list.size() - 1);
            }
            knownSortedSize = list.size();
            return;
        }
        boolean sorted = true;
        int insertAt = size; // after every entry that sorts before or equal to it: where a stable sort puts it
        for (int i = 0; i < size; i++) {
            RecentPlay p = list.get(i);
            if (p.equals(recent)) {
                return;
            }
            if (i > 0 && sorted && compareLatestFirst(list.get(i - 1), p) > 0) {
                sorted = false;
            }
            if (insertAt == size && compareLatestFirst(p, recent) > 0) {
                insertAt = i;
            }
        }
        if (sorted) {
            if (insertAt < max) { // else appending, sorting and cutting would drop it again
                list.add(insertAt, recent);
            }
        } else {
            list.add(recent);
            list.sort(LATEST_FIRST);
        }
        while (list.size() > max) {
            list.remove(list.size() - 1);
        }
        knownSorted = list;
        knownSortedSize = list.size();
    }

    /** Removes the amount from the key's weight; a weight back at zero goes, with its display name. */
    private static void retractWeight(WeightMap weights, String key, double w, long t, HalfLife h) {
        DecayedWeight old = weights.get(key);
        if (old == null) {
            return; // pruned: its share went with it
        }
        DecayedWeight now = old.plus(-w, t, h);
        // zero up to rounding, measured against what was taken back (at the entry's own time)
        double scale = Math.abs(w * h.factor(now.asOfMillis() - t));
        if (Math.abs(now.value()) <= 1e-9 * scale) {
            weights.remove(key);
        } else {
            weights.put(key, now);
        }
    }

    /** The latest event time in the state: every kind of event leaves its latest time in one of these. */
    private long latestEventMillis() {
        long latest = Long.MIN_VALUE;
        for (RecentPlay p : recentPlays) {
            latest = Math.max(latest, p.playedAt().toEpochMilli());
        }
        for (long v : liked.values()) {
            latest = Math.max(latest, v);
        }
        for (long v : skipped.values()) {
            latest = Math.max(latest, v);
        }
        for (long v : banDecisions.values()) {
            latest = Math.max(latest, Math.abs(v));
        }
        return latest;
    }

    /** Applies a like, skip, ban or unban; {@code itemTags} are the tags of the item's artist, if known. */
    public void applyFeedback(FeedbackEvent feedback, List<WeightedTag> itemTags, TasteSettings settings) {
        long t = feedback.at().toEpochMilli();
        String key = feedback.item().key();
        switch (feedback.type()) {
            case LIKE -> {
                liked.merge(key, t, Math::max);
                addWeight(feedback.item().artist(), itemTags, settings.likeWeight(), t, settings.halfLife());
            }
            case SKIP -> {
                skipped.merge(key, t, Math::max);
                addWeight(feedback.item().artist(), itemTags, settings.skipWeight(), t, settings.halfLife());
            }
            case BAN -> banDecisions.merge(key, t, (old, now) -> Math.abs(old) > now ? old : now);
            case UNBAN -> banDecisions.merge(key, -t, (old, now) -> Math.abs(old) > -now ? old : now);
        }
        touch(t);
        prune(settings);
    }

    /** Keeps the state within the settings' bounds (see the class comment). */
    private void prune(TasteSettings settings) {
        pruneWeights(tags, settings.maxTags(), settings.halfLife());
        pruneWeights(artists, settings.maxArtists(), settings.halfLife());
        pruneOldest(liked, settings.maxArtists());
        pruneOldest(skipped, settings.maxArtists());
    }

    /** Cuts the map to 90% of {@code max} when it is over it; entries go with their display names. */
    private void pruneWeights(WeightMap weights, int max, HalfLife h) {
        if (weights.size() <= max) {
            return;
        }
        int keep = max - max / 10;
        int drop = weights.size() - keep;
        // the `drop` entries with the smallest |weight| (decayed to the latest event time) go; the key breaks ties so
        // the same state always prunes the same entries. Each weight is decayed once (a pow), and the cut is found
        // by selection over a primitive array, not by sorting every entry: this runs every few events of a heavy user.
        String[] keys = new String[weights.size()];
        double[] magnitudes = new double[keys.length];
        int i = 0;
        for (int slot = 0; slot < weights.slots(); slot++) {
            String key = weights.keyAt(slot);
            if (key != null) {
                keys[i] = key;
                magnitudes[i++] = Math.abs(weights.valueAt(slot, latestMillis, h));
            }
        }
        double cut = kthSmallest(magnitudes.clone(), drop - 1); // the largest magnitude that goes
        List<String> atCut = new ArrayList<>();
        for (int k = 0; k < keys.length; k++) {
            int c = Double.compare(magnitudes[k], cut); // the order kthSmallest uses
            if (c < 0) {
                weights.remove(keys[k]);
                drop--;
            } else if (c == 0) {
                atCut.add(keys[k]);
            }
        }
        if (atCut.size() > drop) {
            atCut.sort(null); // ties at the cut: the smallest keys go, as the sort by (magnitude, key) had it
        }
        for (int k = 0; k < drop; k++) {
            weights.remove(atCut.get(k));
        }
    }

    /** The value that would be at index {@code k} (0-based) were {@code a} sorted; reorders {@code a}. */
    static double kthSmallest(double[] a, int k) {
        int lo = 0;
        int hi = a.length - 1;
        while (lo < hi) {
            double pivot = a[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (Double.compare(a[i], pivot) < 0) {
                    i++;
                }
                while (Double.compare(a[j], pivot) > 0) {
                    j--;
                }
                if (i <= j) {
                    double t = a[i];
                    a[i++] = a[j];
                    a[j--] = t;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return a[k];
            }
        }
        return a[k];
    }

    private static void pruneOldest(Map<String, Long> latestByItem, int max) {
        if (latestByItem.size() <= max) {
            return;
        }
        int keep = max - max / 10;
        List<String> oldestFirst = latestByItem.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().thenComparing(Map.Entry.comparingByKey()))
                .limit(latestByItem.size() - keep)
                .map(Map.Entry::getKey)
                .toList();
        oldestFirst.forEach(latestByItem::remove);
    }

    private void addWeight(String artist, List<WeightedTag> itemTags, double w, long t, HalfLife h) {
        artists.add(Names.key(artist), artist, w, t, h);
        double total = sumOfWeights(itemTags);
        if (total <= 0) {
            return;
        }
        for (WeightedTag tag : itemTags) {
            double share = w * tag.weight() / total;
            if (share != 0) {
                tags.add(Names.tagKey(tag.tag()), tag.tag().trim(), share, t, h);
            }
        }
    }

    /**
     * The tags' total weight exactly as {@code tags.stream().mapToDouble(WeightedTag::weight).sum()} computes it
     * (compensated summation, then the final correction JDK 17's {@code Collectors.computeFinalSum} makes), bit for
     * bit, so that shares stay what they were, without a stream pipeline per play.
     */
    static double sumOfWeights(List<WeightedTag> tags) {
        double sum = 0;
        double compensation = 0;
        double simpleSum = 0;
        for (int i = 0, n = tags.size(); i < n; i++) {
            double value = tags.get(i).weight();
            double tmp = value - compensation;
            double velvel = sum + tmp;
            compensation = (velvel - sum) - tmp;
            sum = velvel;
            simpleSum += value;
        }
        double total = sum - compensation;
        return Double.isNaN(total) && Double.isInfinite(simpleSum) ? simpleSum : total;
    }

    private void touch(long t) {
        latestMillis = Math.max(latestMillis, t);
        eventsApplied++;
    }

    /** The taste decayed to the latest event time, heaviest first. */
    public TasteSnapshot snapshot(String userId, Trigger trigger, TasteSettings settings) {
        Instant asOf = Instant.ofEpochMilli(latestMillis);
        List<String> banned = banDecisions.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(Map.Entry::getKey).sorted().toList();
        List<String> recentSkips = skipped.entrySet().stream()
                .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(settings.recentPlays()).map(Map.Entry::getKey).toList();
        return new TasteSnapshot(TasteSnapshot.CURRENT_VERSION, userId, asOf, settings.halfLife().hours(),
                top(tags, settings), top(artists, settings), List.copyOf(recentPlays),
                liked.keySet().stream().sorted().toList(), recentSkips, banned, trigger, eventsApplied);
    }

    /** Decayed weight of a tag at the latest event time (0 when unknown). */
    public double tagWeight(String tag, TasteSettings settings) {
        DecayedWeight w = tags.get(Names.tagKey(tag));
        return w == null ? 0.0 : w.valueAt(latestMillis, settings.halfLife());
    }

    /** Decayed weight of an artist at the latest event time (0 when unknown). */
    public double artistWeight(String artist, TasteSettings settings) {
        DecayedWeight w = artists.get(Names.key(artist));
        return w == null ? 0.0 : w.valueAt(latestMillis, settings.halfLife());
    }

    /**
     * The {@code topN} positive weights, heaviest first, the name breaking ties: what sorting them all and taking the
     * first {@code topN} gives, with a bounded insertion over the map's arrays instead: a weight is decayed only if
     * it can still make the cut.
     */
    private List<Weighted> top(WeightMap weights, TasteSettings s) {
        int n = s.topN();
        if (n <= 0) {
            return List.of();
        }
        HalfLife h = s.halfLife();
        // the kept entries, heaviest first: weights and display names (the key where an entry has none)
        int capacity = Math.min(n, weights.size());
        double[] bestWeight = new double[capacity];
        String[] bestName = new String[capacity];
        int count = 0;
        for (int slot = 0; slot < weights.slots(); slot++) {
            String key = weights.keyAt(slot);
            if (key == null) {
                continue;
            }
            double value = weights.valueAt(slot);
            long asOf = weights.asOfAt(slot);
            if (count == capacity && value < bestWeight[count - 1] && asOf <= latestMillis
                    && Double.isFinite(value)) {
                // decaying forward only shrinks a weight, so one lighter than the cut before decaying cannot make it
                // after: skipped without its pow, as the check below would (a retraction can leave an entry newer
                // than latestMillis, which grows when decayed back: those take the long way)
                continue;
            }
            // the same value as valueAt (2^-0 is exactly 1), without the pow for entries touched last
            double v = asOf == latestMillis ? value : weights.valueAt(slot, latestMillis, h);
            if (!Double.isFinite(v)) {
                // refused as every entry's Weighted was before (corrupt state), not silently left out
                throw new IllegalArgumentException("field 'weight': must be a finite number, was " + v
                        + " (" + key + ")");
            }
            if (!(v > 0) || (count == capacity && v < bestWeight[count - 1])) {
                continue; // not positive, or lighter than all kept: cannot make the cut whatever its name
            }
            String name = weights.nameAt(slot);
            if (name == null) {
                name = key;
            }
            if (count == capacity && v == bestWeight[count - 1] && name.compareTo(bestName[count - 1]) >= 0) {
                continue; // ties with the lightest kept and sorts after it by name
            }
            int at = count == capacity ? count - 1 : count++; // the lightest kept goes when full
            while (at > 0) {
                double above = bestWeight[at - 1];
                if (v < above || (v == above && name.compareTo(bestName[at - 1]) >= 0)) {
                    break;
                }
                bestWeight[at] = above;
                bestName[at] = bestName[at - 1];
                at--;
            }
            bestWeight[at] = v;
            bestName[at] = name;
        }
        Weighted[] top = new Weighted[count];
        for (int i = 0; i < count; i++) {
            top[i] = new Weighted(bestName[i], bestWeight[i]);
        }
        return List.of(top);
    }

    /** Whether the user banned this item or its artist and has not lifted it. */
    public boolean isBanned(ItemRef item) {
        return banDecisions.getOrDefault(item.key(), 0L) > 0
                || banDecisions.getOrDefault(item.artistKey(), 0L) > 0;
    }

}
