package io.tastestream.taste.job;

import io.tastestream.core.config.TastestreamConfig;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.taste.functions.TasteFunction;
import java.io.Serializable;
import java.time.Duration;

/**
 * What the dataflow itself needs to know (not where it reads or writes).
 *
 * @param maxOutOfOrderness how far behind the newest event an event may be and still count as on time
 * @param idleness          after how long without events an input split stops holding back event time
 * @param dedupTtl          how long applied event ids are remembered for dropping redeliveries
 */
public record TasteJobOptions(TasteSettings settings, Duration maxOutOfOrderness, Duration idleness,
                              Duration dedupTtl) implements Serializable {

    /** Long enough not to flap on a quiet user, short enough that a silent topic does not stall event time. */
    public static final Duration DEFAULT_IDLENESS = Duration.ofMinutes(1);

    public static TasteJobOptions from(TastestreamConfig config, Duration dedupTtl) {
        return new TasteJobOptions(TasteSettings.from(config),
                config.getDuration(TastestreamConfig.MAX_OUT_OF_ORDERNESS), DEFAULT_IDLENESS, dedupTtl);
    }

    public static TasteJobOptions from(TastestreamConfig config) {
        return from(config, TasteFunction.DEFAULT_DEDUP_TTL);
    }
}
