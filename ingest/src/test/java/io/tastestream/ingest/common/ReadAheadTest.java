package io.tastestream.ingest.common;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ReadAheadTest {

    @Test
    void handsOverEveryItemInOrderInBlocksThenAnEmptyEnd() {
        List<List<Integer>> seenBeforeHandOver = new ArrayList<>();
        List<Integer> taken = new ArrayList<>();
        try (ReadAhead<Integer> ahead = new ReadAhead<>("t", 4, 2, b -> seenBeforeHandOver.add(List.copyOf(b)),
                out -> {
                    for (int i = 0; i < 10; i++) {
                        out.accept(i);
                    }
                })) {
            for (List<Integer> block = ahead.next(); !block.isEmpty(); block = ahead.next()) {
                assertThat(block).hasSizeLessThanOrEqualTo(4);
                taken.addAll(block);
            }
            assertThat(ahead.next()).as("the end stays the end").isEmpty();
        }
        assertThat(taken).containsExactly(0, 1, 2, 3, 4, 5, 6, 7, 8, 9);
        assertThat(seenBeforeHandOver).containsExactly(List.of(0, 1, 2, 3), List.of(4, 5, 6, 7), List.of(8, 9));
    }

    @Test
    void theProducersFailureComesAfterTheBlocksMadeBeforeIt() {
        try (ReadAhead<Integer> ahead = new ReadAhead<>("t", 2, 4, b -> { }, out -> {
            out.accept(1);
            out.accept(2);
            throw new IllegalArgumentException("bad row 3");
        })) {
            assertThat(ahead.next()).containsExactly(1, 2);
            assertThatThrownBy(ahead::next).isInstanceOf(IllegalArgumentException.class).hasMessage("bad row 3");
        }
    }

    @Test
    void closeStopsAProducerThatIsStillMakingItems() throws Exception {
        AtomicInteger made = new AtomicInteger();
        CountDownLatch started = new CountDownLatch(1);
        ReadAhead<Integer> ahead = new ReadAhead<>("t", 1, 1, b -> { }, out -> {
            started.countDown();
            for (int i = 0; ; i++) {
                out.accept(i);
                made.incrementAndGet();
            }
        });
        assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
        assertThat(ahead.next()).containsExactly(0);

        ahead.close(); // returns only once the producer's thread has ended

        int afterClose = made.get();
        Thread.sleep(50);
        assertThat(made.get()).isEqualTo(afterClose);
        assertThat(afterClose).isLessThan(10); // bounded by the queue: one block ahead, one being made
    }
}
