package io.tastestream.core.recommend;

import io.tastestream.core.catalog.CatalogArtist;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * An artist some generator proposed for a user, with what each generator found. Mutable while candidates are
 * gathered, then read by the ranker and the explanation.
 */
public final class Candidate {
    private final CatalogArtist artist;
    /** Σ over the user's top artists a of weight(a)·similarity(a, this): co-listen evidence. */
    double neighbourScore;
    /** Σ over the user's top tags g of share(g)·tagShare(this, g): tag evidence. */
    double tagScore;
    /** User artist name → its contribution to neighbourScore, for the explanation. */
    final Map<String, Double> becauseOfArtists = new LinkedHashMap<>();
    /** Tag → its contribution to tagScore, for the explanation. */
    final Map<String, Double> becauseOfTags = new LinkedHashMap<>();
    /** Liked artists among {@link #becauseOfArtists}. */
    final Map<String, Double> becauseOfLikes = new LinkedHashMap<>();

    Candidate(CatalogArtist artist) {
        this.artist = artist;
    }

    public CatalogArtist artist() {
        return artist;
    }

    public double neighbourScore() {
        return neighbourScore;
    }

    public double tagScore() {
        return tagScore;
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
}
