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
 * What the recommender knows about music: artists with tags and popularity, and co-listen neighbours. Built offline
 * by model-trainer ({@code build-catalog}), read by serving. Immutable.
 */
public final class Catalog {

    private final CatalogManifest manifest;
    private final Map<String, CatalogArtist> artists;
    private final Map<String, List<Neighbour>> neighbours;
    private final Map<String, List<CatalogArtist>> byTag;
    private final long maxListeners;

    public Catalog(CatalogManifest manifest, Collection<CatalogArtist> artists, Map<String, List<Neighbour>> neighbours) {
        this.manifest = manifest;
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
        return new Catalog(new CatalogManifest(CatalogManifest.FORMAT, version, Instant.now(), "in-memory",
                artists.size(), neighbours.values().stream().mapToInt(List::size).sum()), artists, neighbours);
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
