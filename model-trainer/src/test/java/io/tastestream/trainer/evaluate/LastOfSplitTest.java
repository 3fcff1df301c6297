package io.tastestream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LastOfSplitTest {
    @TempDir
    Path tmp;

    @Test
    void computesOncePerSplitAndKeyAndAgainForAnotherOfEither() throws Exception {
        Dataset data = HetRecReader.read(SmallData.random(tmp));
        Split one = Splitter.split(data, Protocol.RANDOM, null, null);
        Split other = Splitter.split(data, Protocol.RANDOM, null, null); // equal content, another split
        LastOfSplit<String> memo = new LastOfSplit<>();
        AtomicInteger computed = new AtomicInteger();

        assertThat(memo.get(one, "a", () -> "one/a #" + computed.incrementAndGet())).isEqualTo("one/a #1");
        assertThat(memo.get(one, "a", () -> "one/a #" + computed.incrementAndGet())).isEqualTo("one/a #1");
        assertThat(memo.get(one, "b", () -> "one/b #" + computed.incrementAndGet())).isEqualTo("one/b #2");
        assertThat(memo.get(other, "b", () -> "other/b #" + computed.incrementAndGet())).isEqualTo("other/b #3");
        assertThat(memo.get(one, "a", () -> "one/a #" + computed.incrementAndGet())).isEqualTo("one/a #4");
        assertThat(computed).hasValue(4);
    }

    @Test
    void aFailedComputationKeepsNothing() throws Exception {
        Split split = Splitter.split(HetRecReader.read(SmallData.random(tmp)), Protocol.RANDOM, null, null);
        LastOfSplit<String> memo = new LastOfSplit<>();
        memo.get(split, "a", () -> "first");

        assertThatThrownBy(() -> memo.get(split, "b", () -> {
            throw new IOException("cannot build");
        })).isInstanceOf(IOException.class).hasMessage("cannot build");
        assertThat(memo.get(split, "a", () -> "again")).isEqualTo("first"); // the old value still stands
        assertThat(memo.get(split, "b", () -> "built")).isEqualTo("built");
    }
}
