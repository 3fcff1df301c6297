package io.tastestream.trainer.evaluate;

import io.tastestream.core.testing.SharedData;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The baselines reproduce the reference figures on the real HetRec copy (skipped when it is absent). EASE,
 * which inverts a 5,000-6,600 square matrix (1.5-3.5 min), is checked by {@link RealHetRecEaseCheck}, run on demand.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RealHetRecBaselinesTest {
    private Dataset data;

    @BeforeAll
    void read() throws Exception {
        data = HetRecReader.read(SharedData.hetrec());
    }

    @ParameterizedTest(name = "{0} {1}")
    @CsvSource({"RANDOM, popularity", "RANDOM, itemknn", "RANDOM, tag-profile-cosine",
            "TIME, popularity", "TIME, itemknn", "TIME, tag-profile-cosine"})
    void reproducesTheReference(Protocol protocol, String model) {
        ReferenceFigures.check(data, protocol, model);
    }
}
