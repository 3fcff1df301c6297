package io.tastestream.core.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class IsoInstantsTest {

    @Test
    void plainInstantsMatchJavaTimesOwnParsing() {
        for (String s : List.of("2024-01-01T00:00:00Z", "1970-01-01T00:00:00Z", "1969-12-31T23:59:59.999999999Z",
                "2000-02-29T12:34:56.78Z", "9999-12-31T23:59:59Z", "0000-01-01T00:00:00Z", "2024-03-10T02:30:00.000Z")) {
            assertThat(IsoInstants.parsePlainUtc(s)).as(s).isEqualTo(Instant.parse(s));
        }
        Random random = new Random(7);
        for (int i = 0; i < 20_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-2_000_000_000L, 100_000_000_000L),
                    random.nextBoolean() ? 0 : random.nextInt(1_000_000_000));
            String text = at.toString();
            assertThat(IsoInstants.parsePlainUtc(text)).as(text).isEqualTo(at);
        }
    }

    @Test
    void everyDayOfYearsZeroTo9999CountsAsJavaTimeCountsIt() {
        for (LocalDate d = LocalDate.of(0, 1, 1); d.getYear() <= 9999; d = d.plusDays(1)) {
            if (IsoInstants.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth()) != d.toEpochDay()) {
                assertThat(IsoInstants.epochDay(d.getYear(), d.getMonthValue(), d.getDayOfMonth())).as(d.toString())
                        .isEqualTo(d.toEpochDay());
            }
        }
        assertThat(IsoInstants.parsePlainUtc("2024-02-29T00:00:00Z")).isEqualTo(Instant.parse("2024-02-29T00:00:00Z"));
        assertThat(IsoInstants.parsePlainUtc("2000-02-29T00:00:00Z")).isEqualTo(Instant.parse("2000-02-29T00:00:00Z"));
        assertThat(IsoInstants.parsePlainUtc("1900-02-29T00:00:00Z")).isNull(); // not a leap year
        assertThat(IsoInstants.parsePlainUtc("2024-04-31T00:00:00Z")).isNull();
        assertThat(IsoInstants.parsePlainUtc("2024-12-31T00:00:00Z")).isEqualTo(Instant.parse("2024-12-31T00:00:00Z"));
    }

    @Test
    void anythingElseIsLeftToTheFullParser() {
        for (String s : List.of("2024-02-30T00:00:00Z", "2023-02-29T00:00:00Z", "2024-01-01T24:00:00Z",
                "2024-01-01T00:00:60Z", "2024-01-01t00:00:00z", "2024-01-01T00:00:00+01:00", "2024-01-01T00:00Z",
                "2024-01-01T00:00:00.Z", "2024-01-01T00:00:00.1234567890Z", "+10000-01-01T00:00:00Z",
                "2024-1-01T00:00:00Z", "")) {
            assertThat(IsoInstants.parsePlainUtc(s)).as(s).isNull();
        }
    }
}
