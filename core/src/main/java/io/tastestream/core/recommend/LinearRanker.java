package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import java.util.EnumMap;
import java.util.Map;

/**
 * The untrained ranker: a fixed weighted sum of co-listen evidence, tag match and a little popularity (to break
 * ties toward artists more people know). Used until a trained model is deployed.
 */
public final class LinearRanker implements Ranker {
    static final double CO_LISTEN_WEIGHT = 1.0;
    static final double TAG_WEIGHT = 0.6;
    static final double POPULARITY_WEIGHT = 0.05;

    @Override
    public double score(Candidate c, Catalog catalog) {
        return contributions(c, catalog).values().stream().mapToDouble(Double::doubleValue).sum();
    }

    @Override
    public Map<Signal, Double> contributions(Candidate c, Catalog catalog) {
        Map<Signal, Double> m = new EnumMap<>(Signal.class);
        m.put(Signal.CO_LISTEN, CO_LISTEN_WEIGHT * c.neighbourScore());
        m.put(Signal.TAGS, TAG_WEIGHT * c.tagScore());
        m.put(Signal.POPULARITY, POPULARITY_WEIGHT * catalog.popularity(c.artist()));
        return m;
    }

    @Override
    public String version() {
        return "linear-v1";
    }
}
