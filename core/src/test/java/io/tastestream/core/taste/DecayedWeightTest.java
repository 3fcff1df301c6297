package io.tastestream.core.taste;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.RepeatedTest;
import org.junit.jupiter.api.Test;

class DecayedWeightTest {
    static final HalfLife H = HalfLife.of(Duration.ofDays(90));
    static final long DAY = Duration.ofDays(1).toMillis();

    @Test
    void halvesEveryHalfLife() {
        DecayedWeight w = DecayedWeight.ZERO.plus(8.0, 0, H);
        assertThat(w.valueAt(90 * DAY, H)).isCloseTo(4.0, within(1e-12));
        assertThat(w.valueAt(180 * DAY, H)).isCloseTo(2.0, within(1e-12));
        assertThat(DecayedWeight.ZERO.valueAt(5, H)).isZero();
    }

    @Test
    void matchesTheFormulaForAnOlderEventAddedLate() {
        DecayedWeight w = DecayedWeight.ZERO.plus(1.0, 100 * DAY, H).plus(2.0, 10 * DAY, H);
        double expected = 1.0 * Math.pow(2, -(200 - 100) / 90.0) + 2.0 * Math.pow(2, -(200 - 10) / 90.0);
        assertThat(w.valueAt(200 * DAY, H)).isCloseTo(expected, within(1e-12));
        assertThat(w.asOfMillis()).isEqualTo(100 * DAY);
    }

    /** The property the whole pipeline relies on: any arrival order gives Σ wᵢ·2^(−(t−tᵢ)/H). */
    @RepeatedTest(20)
    void orderOfArrivalDoesNotMatter() {
        Random random = new Random();
        long seed = random.nextLong();
        random.setSeed(seed);
        List<long[]> events = new ArrayList<>();
        for (int i = 0; i < 500; i++) {
            long t = (long) (random.nextDouble() * 400 * DAY);
            long weightTimes1000 = random.nextInt(2000) - 300; // include negatives (skips)
            events.add(new long[] {t, weightTimes1000});
        }
        long now = 401 * DAY;
        double formula = 0;
        for (long[] e : events) {
            formula += e[1] / 1000.0 * Math.pow(2, -(double) (now - e[0]) / H.millis());
        }
        for (int shuffle = 0; shuffle < 5; shuffle++) {
            Collections.shuffle(events, random);
            DecayedWeight w = DecayedWeight.ZERO;
            for (long[] e : events) {
                w = w.plus(e[1] / 1000.0, e[0], H);
            }
            assertThat(w.valueAt(now, H)).as("seed %d", seed)
                    .isCloseTo(formula, within(Math.abs(formula) * 1e-9 + 1e-12));
        }
    }
}
