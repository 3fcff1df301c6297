package io.tastestream.core.taste;

import io.tastestream.core.config.TastestreamConfig;
import java.io.Serializable;

/**
 * How events weigh into taste. A full play weighs {@code playWeight}; a shorter one in proportion to the time
 * played, up to {@code fullPlayMillis}. A like adds {@code likeWeight}, a skip adds {@code skipWeight} (negative).
 * A user keeps at most {@code maxTags} tags and {@code maxArtists} artists (and as many recent likes and skips):
 * beyond that the weights closest to zero are pruned, so state per user is bounded.
 */
public record TasteSettings(HalfLife halfLife, double playWeight, long fullPlayMillis, double likeWeight,
                            double skipWeight, int topN, int recentPlays, int maxTags, int maxArtists)
        implements Serializable {

    public TasteSettings {
        if (maxTags < 1 || maxArtists < 1) {
            throw new IllegalArgumentException("taste.max-tags and taste.max-artists must be at least 1, were "
                    + maxTags + " and " + maxArtists);
        }
    }

    public static TasteSettings from(TastestreamConfig config) {
        return new TasteSettings(
                HalfLife.of(config.getDuration(TastestreamConfig.HALF_LIFE)),
                config.getDouble(TastestreamConfig.WEIGHT_PLAY),
                config.getDuration(TastestreamConfig.FULL_PLAY).toMillis(),
                config.getDouble(TastestreamConfig.WEIGHT_LIKE),
                config.getDouble(TastestreamConfig.WEIGHT_SKIP),
                config.getInt(TastestreamConfig.TOP_N),
                config.getInt(TastestreamConfig.RECENT_PLAYS),
                config.getInt(TastestreamConfig.MAX_TAGS),
                config.getInt(TastestreamConfig.MAX_ARTISTS));
    }

    public static TasteSettings defaults() {
        return from(TastestreamConfig.defaultsOnly());
    }

    /** The weight of a play: full, or in proportion to ms played when shorter than a full play. */
    public double playWeight(long msPlayed) {
        if (msPlayed <= 0 || msPlayed >= fullPlayMillis) {
            return playWeight;
        }
        return playWeight * msPlayed / fullPlayMillis;
    }
}
