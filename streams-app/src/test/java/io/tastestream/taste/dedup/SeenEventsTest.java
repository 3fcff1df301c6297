package io.tastestream.taste.dedup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class SeenEventsTest {

    private static Map<Long, byte[]> written(SeenEvents seen) {
        Map<Long, byte[]> stored = new LinkedHashMap<>();
        for (long day : seen.changedDays()) {
            stored.put(day, seen.encode(day));
        }
        seen.markWritten();
        return stored;
    }

    @Test
    void anEventIsNewOnceAndKnownAfterwardsWhateverTheDay() {
        SeenEvents seen = new SeenEvents();
        long a = SeenEvents.hash("spotify:alice:2024-01-01T10:00:00Z");
        assertThat(seen.add(a, 100)).isTrue();
        assertThat(seen.add(a, 100)).isFalse();
        assertThat(seen.add(a, 101)).as("seen on an earlier day").isFalse();
        assertThat(seen.contains(SeenEvents.hash("spotify:alice:2024-01-01T10:03:00Z"))).isFalse();
        assertThat(seen.add(0L, 101)).as("the hash 0, kept aside from the table's empty marker").isTrue();
        assertThat(seen.contains(0L)).isTrue();
        assertThat(seen.size()).isEqualTo(2);
    }

    @Test
    void onlyTheDaysThatGainedEventsAreWrittenAndTheyReadBackAsTheyWere() {
        Random random = new Random(7);
        SeenEvents seen = new SeenEvents();
        long[] hashes = random.longs(5_000).toArray(); // grows the table many times
        for (int i = 0; i < hashes.length; i++) {
            assertThat(seen.add(hashes[i], 200 + i % 3)).isTrue();
        }
        Map<Long, byte[]> stored = written(seen);
        assertThat(stored.keySet()).containsExactly(200L, 201L, 202L);
        assertThat(stored.values()).allSatisfy(b -> assertThat(b.length % 8).isZero());
        assertThat(seen.changedDays()).as("nothing changed since the write").isEmpty();
        assertThat(seen.hasChanges()).isFalse();

        SeenEvents read = SeenEvents.decode(stored.entrySet());
        assertThat(read.size()).isEqualTo(hashes.length);
        for (long h : hashes) {
            assertThat(read.contains(h)).isTrue();
        }
        assertThat(read.hasChanges()).as("as read").isFalse();
        assertThat(read.add(hashes[17], 203)).isFalse();
        assertThat(read.hasChanges()).as("a known hash changes nothing").isFalse();
        assertThat(read.add(42L, 203)).isTrue();
        assertThat(written(read).keySet()).containsExactly(203L);
    }

    @Test
    void daysPastTheWindowAreForgotten() {
        SeenEvents seen = new SeenEvents();
        seen.add(1L, 10);
        seen.add(2L, 11);
        seen.add(3L, 12);
        seen.forgetBefore(12);
        assertThat(seen.contains(1L)).isFalse();
        assertThat(seen.contains(2L)).isFalse();
        assertThat(seen.contains(3L)).isTrue();
        assertThat(seen.size()).isEqualTo(1);
        assertThat(seen.add(1L, 13)).as("forgotten, so new again").isTrue();
    }

    @Test
    void theScanOverStoredDaysAgreesWithTheTable() {
        byte[] day = SeenEvents.append(SeenEvents.append(null, 5L), -9L);
        assertThat(day).hasSize(16);
        assertThat(SeenEvents.containsIn(List.of(new byte[0], day), -9L)).isTrue();
        assertThat(SeenEvents.containsIn(List.of(day), 6L)).isFalse();
        assertThat(SeenEvents.containsIn(null, 5L)).isFalse();
        assertThat(SeenEvents.decode(Map.of(1L, day).entrySet()).contains(-9L)).isTrue();
    }

    @Test
    void aStoredDayThatIsNotWholeHashesIsRefusedNamingTheDay() {
        assertThatThrownBy(() -> SeenEvents.decode(Map.of(19_000L, new byte[12]).entrySet()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("day 19000").hasMessageContaining("12 bytes");
    }

    @Test
    void theHashIsXxh64OfTheUtf8Id() {
        // XXH64("", seed 0) is the reference value published with the algorithm
        assertThat(SeenEvents.hash("")).isEqualTo(0xEF46DB3751D8E999L);
        assertThat(SeenEvents.hash("lastfm:bob:1")).isNotEqualTo(SeenEvents.hash("lastfm:bob:2"));
    }
}
