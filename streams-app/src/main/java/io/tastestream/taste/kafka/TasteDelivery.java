package io.tastestream.taste.kafka;

import io.tastestream.core.config.TastestreamConfig;
import java.util.Locale;
import org.apache.flink.connector.base.DeliveryGuarantee;

/**
 * How the taste job writes to Kafka ({@code taste.delivery}).
 *
 * <ul>
 *   <li>{@code at-least-once} (default): records are sent as they are produced, so a snapshot reaches serving within
 *       milliseconds; after a failure the job replays from its last checkpoint and re-sends the snapshots since then.
 *       They are idempotent (the latest per user wins on a compacted topic), so readers see a repeat, never a
 *       wrong taste.</li>
 *   <li>{@code exactly-once}: records are written in Kafka transactions committed when a checkpoint completes, so a
 *       reader with {@code isolation.level=read_committed} sees every snapshot once and never one from a failed
 *       attempt; end-to-end latency becomes about one checkpoint interval.</li>
 * </ul>
 */
public enum TasteDelivery {
    AT_LEAST_ONCE(DeliveryGuarantee.AT_LEAST_ONCE),
    EXACTLY_ONCE(DeliveryGuarantee.EXACTLY_ONCE);

    private final DeliveryGuarantee guarantee;

    TasteDelivery(DeliveryGuarantee guarantee) {
        this.guarantee = guarantee;
    }

    public DeliveryGuarantee guarantee() {
        return guarantee;
    }

    public String settingValue() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    public static TasteDelivery from(TastestreamConfig config) {
        return parse(config.get(TastestreamConfig.DELIVERY));
    }

    public static TasteDelivery parse(String value) {
        for (TasteDelivery d : values()) {
            if (d.settingValue().equalsIgnoreCase(value.trim())) {
                return d;
            }
        }
        throw new IllegalArgumentException("setting '" + TastestreamConfig.DELIVERY
                + "' must be exactly-once or at-least-once, was '" + value + "'");
    }
}
