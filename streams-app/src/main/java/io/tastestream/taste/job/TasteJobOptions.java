package io.tastestream.taste.job;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.taste.TasteSettings;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the dataflow itself needs to know (not where it reads or writes).
 *
 * @param maxOutOfOrderness how far behind the newest event an event may be and still count as on time
 * @param idleness          after how long without events an input split stops holding back event time
 * @param dedupTtl          how long applied event ids are remembered for dropping redeliveries
 * @param userTtl           a user's taste is dropped after this long without any of their events (processing time)
 * @param emitInterval      at most one snapshot per user per this interval (processing time); zero: one per event
 */
public record TasteJobOptions(TasteSettings settings, Duration maxOutOfOrderness, Duration idleness,
                              Duration dedupTtl, Duration userTtl, Duration emitInterval) implements Serializable {

    /** Long enough not to flap on a quiet user, short enough that a silent topic does not stall event time. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);

    public TasteJobOptions {
        positive(dedupTtl, "dedup TTL (" + TastestreamConfig.DEDUP_TTL + ")");
        positive(userTtl, "user TTL (" + TastestreamConfig.USER_TTL + ")");
        if (emitInterval == null || emitInterval.isNegative()) {
            throw new IllegalArgumentException("emit interval (" + TastestreamConfig.EMIT_INTERVAL
                    + ") must be zero or positive, was " + emitInterval);
        }
    }

    /** One snapshot per event (no coalescing). */
    public TasteJobOptions(TasteSettings settings, Duration maxOutOfOrderness, Duration idleness,
                           Duration dedupTtl, Duration userTtl) {
        this(settings, maxOutOfOrderness, idleness, dedupTtl, userTtl, Duration.ZERO);
    }

    private static void positive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, was " + d);
        }
    }

    public static TasteJobOptions from(TastestreamConfig config) {
        return new TasteJobOptions(TasteSettings.from(config),
                config.getDuration(TastestreamConfig.MAX_OUT_OF_ORDERNESS), DEFAULT_IDLENESS,
                config.getDuration(TastestreamConfig.DEDUP_TTL), config.getDuration(TastestreamConfig.USER_TTL),
                config.getDuration(TastestreamConfig.EMIT_INTERVAL));
    }
}
