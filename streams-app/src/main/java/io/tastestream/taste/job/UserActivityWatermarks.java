package io.tastestream.taste.job;

import io.tastestream.taste.records.TasteInput;
import java.time.Duration;
import org.apache.flink.api.common.eventtime.BoundedOutOfOrdernessWatermarks;
import org.apache.flink.api.common.eventtime.WatermarkGenerator;
import org.apache.flink.api.common.eventtime.WatermarkOutput;

/**
 * Bounded-out-of-orderness watermarks driven by plays and feedback only. Item tags carry the time their source
 * last looked them up, which says nothing about how far user activity has progressed (a fresh tag lookup during a
 * replay of last year's plays would otherwise make every replayed play "late").
 */
final class UserActivityWatermarks implements WatermarkGenerator<TasteInput> {
    private final BoundedOutOfOrdernessWatermarks<TasteInput> delegate;

    UserActivityWatermarks(Duration maxOutOfOrderness) {
        this.delegate = new BoundedOutOfOrdernessWatermarks<>(maxOutOfOrderness);
    }

    @Override
    public void onEvent(TasteInput event, long eventTimestamp, WatermarkOutput output) {
        if (event.userActivity()) {
            delegate.onEvent(event, eventTimestamp, output);
        }
    }

    @Override
    public void onPeriodicEmit(WatermarkOutput output) {
        delegate.onPeriodicEmit(output);
    }
}
