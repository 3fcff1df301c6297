package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.catalog.Neighbour;
import io.tastestream.core.event.Names;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Gathers candidates from two generators: co-listen neighbours of the user's heaviest decayed artists, and the most
 * listened artists within the user's heaviest decayed tags. Weights are normalised per user (shares of the user's
 * total), so a heavy listener and a light one get comparable scores.
 */
final class CandidateGenerator {
    static final int SOURCE_ARTISTS = 15;
    static final int SOURCE_TAGS = 8;
    static final int ARTISTS_PER_TAG = 40;

    private final Catalog catalog;

    CandidateGenerator(Catalog catalog) {
        this.catalog = catalog;
    }

    Map<String, Candidate> candidates(TasteSnapshot taste) {
        Map<String, Candidate> out = new LinkedHashMap<>();
        Set<String> liked = new HashSet<>(taste.liked());
        List<Weighted> artists = taste.topArtists().stream().limit(SOURCE_ARTISTS).toList();
        double artistTotal = artists.stream().mapToDouble(Weighted::weight).sum();
        for (Weighted source : artists) {
            double share = source.weight() / artistTotal;
            boolean isLiked = liked.contains(Names.key(source.name()));
            for (Neighbour n : catalog.neighbours(Names.key(source.name()))) {
                CatalogArtist artist = catalog.artist(n.artistKey()).orElse(null);
                if (artist == null) {
                    continue;
                }
                Candidate c = out.computeIfAbsent(artist.key(), k -> new Candidate(artist));
                double contribution = share * n.similarity();
                c.neighbourScore += contribution;
                c.becauseOfArtists.merge(source.name(), contribution, Double::sum);
                if (isLiked) {
                    c.becauseOfLikes.merge(source.name(), contribution, Double::sum);
                }
            }
        }
        List<Weighted> tags = taste.topTags().stream().limit(SOURCE_TAGS).toList();
        double tagTotal = tags.stream().mapToDouble(Weighted::weight).sum();
        for (Weighted tag : tags) {
            double share = tag.weight() / tagTotal;
            String tagKey = Names.tagKey(tag.name());
            for (CatalogArtist artist : catalog.artistsWithTag(tagKey, ARTISTS_PER_TAG)) {
                Candidate c = out.computeIfAbsent(artist.key(), k -> new Candidate(artist));
                double contribution = share * artist.tagShare(tagKey);
                c.tagScore += contribution;
                c.becauseOfTags.merge(tag.name(), contribution, Double::sum);
            }
        }
        return out;
    }
}
