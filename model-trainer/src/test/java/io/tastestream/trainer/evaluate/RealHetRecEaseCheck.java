package io.tastestream.trainer.evaluate;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.tastestream.core.testing.SharedData;
import io.tastestream.core.dataset.HetRecReader;
import org.junit.jupiter.api.Test;

/**
 * EASE (λ = 50) reproduces the reference figures on the real HetRec copy. Takes minutes (a dense inverse of about
 * 5,000 × 5,000 under random and 6,600 × 6,600 under time), so it runs only on demand:
 * {@code TASTESTREAM_EASE_CHECK=1 mvn -B -o -q -pl model-trainer -am test -Dtest=RealHetRecEaseCheck
 * -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class RealHetRecEaseCheck {

    @Test
    void easeReproducesTheReference() throws Exception {
        assumeTrue(System.getenv("TASTESTREAM_EASE_CHECK") != null || Boolean.getBoolean("tastestream.ease-check"),
                "EASE on the real data takes minutes; set TASTESTREAM_EASE_CHECK=1 to run it");
        var data = HetRecReader.read(SharedData.hetrec());
        ReferenceFigures.check(data, Protocol.RANDOM, "ease");
        ReferenceFigures.check(data, Protocol.TIME, "ease");
    }
}
