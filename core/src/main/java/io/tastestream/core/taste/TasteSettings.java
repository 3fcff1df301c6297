package io.tastestream.core.taste;

import io.tastestream.core.config.TastestreamConfig;
import java.io.Serializable;

/**
 * How events weigh into taste. A full play weighs {@code playWeight}; a shorter one in proportion to the time
 * played, up to {@code fullPlayMillis}. A like adds {@code likeWeight}, a skip adds {@code skipWeight} (negative).
 */
public record TasteSettings(HalfLife halfLife, double playWeight, long fullPlayMillis, double likeWeight,
                            double skipWeight, int topN, int recentPlays) implements Serializable {

    public static TasteSettings from(TastestreamConfig config) {
        return new TasteSettings(
                HalfLife.of(config.getDuration(TastestreamConfig.HALF_LIFE)),
                config.getDouble(TastestreamConfig.WEIGHT_PLAY),
                config.getDuration(TastestreamConfig.FULL_PLAY).toMillis(),
                config.getDouble(TastestreamConfig.WEIGHT_LIKE),
                config.getDouble(TastestreamConfig.WEIGHT_SKIP),
                config.getInt(TastestreamConfig.TOP_N),
                config.getInt(TastestreamConfig.RECENT_PLAYS));
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
