package io.tastestream.core.catalog;

import io.tastestream.core.event.Names;
import io.tastestream.core.event.WeightedTag;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the recommender knows about music: artists with tags and popularity, co-listen neighbours and (optionally)
 * the largest EASE item-item weights of each artist. Built offline by model-trainer ({@code build-catalog}), read by
 * serving. Immutable.
 */
public final class Catalog {

    private final CatalogManifest manifest;
    private final Map<String, CatalogArtist> artists;
    private final Map<String, List<Neighbour>> neighbours;
    private final Map<String, List<CatalogArtist>> byTag;
    private final Map<String, EaseWeights> ease;
    private final long maxListeners;

    public Catalog(CatalogManifest manifest, Collection<CatalogArtist> artists, Map<String, List<Neighbour>> neighbours) {
        this(manifest, artists, neighbours, Map.of());
    }

    /** @param ease EASE rows by artist key; empty for a catalog without them (format 1, or built without EASE) */
    public Catalog(CatalogManifest manifest, Collection<CatalogArtist> artists, Map<String, List<Neighbour>> neighbours,
                   Map<String, EaseWeights> ease) {
        this.manifest = manifest;
        this.ease = Map.copyOf(ease);
        Map<String, CatalogArtist> a = new LinkedHashMap<>();
        artists.forEach(artist -> a.put(artist.key(), artist));
        this.artists = Map.copyOf(a);
        Map<String, List<Neighbour>> n = new HashMap<>();
        neighbours.forEach((k, list) -> n.put(k, list.stream()
                .sorted(Comparator.comparingDouble(Neighbour::similarity).reversed()
                        .thenComparing(Neighbour::artistKey))
                .toList()));
        this.neighbours = Map.copyOf(n);
        Map<String, List<CatalogArtist>> t = new HashMap<>();
        for (CatalogArtist artist : this.artists.values()) {
            for (WeightedTag tag : artist.tags()) {
                t.computeIfAbsent(Names.tagKey(tag.tag()), k -> new ArrayList<>()).add(artist);
            }
        }
        t.replaceAll((k, list) -> list.stream().distinct()
                .sorted(Comparator.comparingLong(CatalogArtist::listeners).reversed()
                        .thenComparing(CatalogArtist::key))
                .toList());
        this.byTag = Map.copyOf(t);
        this.maxListeners = Math.max(1, this.artists.values().stream().mapToLong(CatalogArtist::listeners).max()
                .orElse(1));
    }

    public static Catalog of(String version, Collection<CatalogArtist> artists, Map<String, List<Neighbour>> neighbours) {
        return of(version, artists, neighbours, Map.of(), 0);
    }

    public static Catalog of(String version, Collection<CatalogArtist> artists, Map<String, List<Neighbour>> neighbours,
                             Map<String, EaseWeights> ease, double easeLambda) {
        return new Catalog(new CatalogManifest(CatalogManifest.FORMAT, version, Instant.now(), "in-memory",
                artists.size(), neighbours.values().stream().mapToInt(List::size).sum(),
                ease.values().stream().mapToInt(EaseWeights::size).sum(), easeLambda), artists, neighbours, ease);
    }

    public CatalogManifest manifest() {
        return manifest;
    }

    public String version() {
        return manifest.version();
    }

    /** By name or key, any spelling that normalises the same. */
    public Optional<CatalogArtist> artist(String nameOrKey) {
        return Optional.ofNullable(artists.get(Names.key(nameOrKey)));
    }

    public Collection<CatalogArtist> artists() {
        return artists.values();
    }

    /** Most similar first; empty when the artist has none or is unknown. */
    public List<Neighbour> neighbours(String artistKey) {
        return neighbours.getOrDefault(Names.key(artistKey), List.of());
    }

    public Map<String, List<Neighbour>> allNeighbours() {
        return neighbours;
    }

    /** The artist's EASE row (largest weights first), or null when the catalog has none for it. */
    public EaseWeights ease(String artistKey) {
        return ease.get(artistKey);
    }

    public Map<String, EaseWeights> allEase() {
        return ease;
    }

    public boolean hasEase() {
        return !ease.isEmpty();
    }

    /** Artists carrying the tag, most listened first. */
    public List<CatalogArtist> artistsWithTag(String tag, int limit) {
        List<CatalogArtist> list = byTag.getOrDefault(Names.tagKey(tag), List.of());
        return list.size() <= limit ? list : list.subList(0, limit);
    }

    /** Listeners relative to the most listened artist, in [0, 1]. */
    public double popularity(CatalogArtist artist) {
        return (double) artist.listeners() / maxListeners;
    }
}
