package io.tastestream.core.recommend;

import io.tastestream.core.catalog.CatalogArtist;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An artist some generator proposed for a user, with what each generator found: named features (see
 * {@link Features}) and the user's own artists, tags and friends behind them, for the explanation. Mutable while
 * candidates are gathered (one thread per user), then read by the ranker and the explanation.
 */
public final class Candidate {
    private final CatalogArtist artist;
    private final Map<String, Double> features = new LinkedHashMap<>();
    /** User artist name → its contribution to co-listen evidence, for the explanation. */
    final Map<String, Double> becauseOfArtists = new LinkedHashMap<>();
    /** Tag → its contribution to tag evidence, for the explanation. */
    final Map<String, Double> becauseOfTags = new LinkedHashMap<>();
    /** Liked artists among {@link #becauseOfArtists}. */
    final Map<String, Double> becauseOfLikes = new LinkedHashMap<>();
    /** Friend (user id or name) → how much they listen to it, for the explanation. */
    final Map<String, Double> becauseOfFriends = new LinkedHashMap<>();

    public Candidate(CatalogArtist artist) {
        this.artist = artist;
    }

    /** The candidate for the artist in {@code out}, created when absent: how a generator adds to the pool. */
    public static Candidate in(Map<String, Candidate> out, CatalogArtist artist) {
        return out.computeIfAbsent(artist.key(), k -> new Candidate(artist));
    }

    public CatalogArtist artist() {
        return artist;
    }

    /** The feature's value, 0 when no generator set it. */
    public double feature(String name) {
        return features.getOrDefault(name, 0.0);
    }

    public Map<String, Double> features() {
        return features;
    }

    public Candidate add(String feature, double value) {
        features.merge(feature, value, Double::sum);
        return this;
    }

    public Candidate max(String feature, double value) {
        features.merge(feature, value, Math::max);
        return this;
    }

    public Candidate set(String feature, double value) {
        features.put(feature, value);
        return this;
    }

    public Candidate becauseOfArtist(String userArtist, double contribution, boolean liked) {
        becauseOfArtists.merge(userArtist, contribution, Double::sum);
        if (liked) {
            becauseOfLikes.merge(userArtist, contribution, Double::sum);
        }
        return this;
    }

    public Candidate becauseOfTag(String tag, double contribution) {
        becauseOfTags.merge(tag, contribution, Double::sum);
        return this;
    }

    public Candidate becauseOfFriend(String friend, double weight) {
        becauseOfFriends.merge(friend, weight, Double::sum);
        return this;
    }

    /** Σ over the user's top artists a of share(a)·similarity(a, this): co-listen evidence. */
    public double neighbourScore() {
        return feature(Features.COLISTEN);
    }

    /** Σ over the user's top tags g of share(g)·tagShare(this, g): tag evidence. */
    public double tagScore() {
        return feature(Features.TAG_MATCH);
    }

    public Map<String, Double> becauseOfArtists() {
        return becauseOfArtists;
    }

    public Map<String, Double> becauseOfTags() {
        return becauseOfTags;
    }

    public Map<String, Double> becauseOfLikes() {
        return becauseOfLikes;
    }

    public Map<String, Double> becauseOfFriends() {
        return becauseOfFriends;
    }
}
