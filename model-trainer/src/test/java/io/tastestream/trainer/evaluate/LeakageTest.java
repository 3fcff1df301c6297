package io.tastestream.trainer.evaluate;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.catalog.CatalogArtist;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.recommend.LinearRanker;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.catalog.EaseWeights;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.progress.Progress;
import io.tastestream.trainer.baselines.EaseModel;
import io.tastestream.trainer.baselines.ItemKnnModel;
import io.tastestream.trainer.catalog.CatalogBuilder;
import io.tastestream.trainer.baselines.PopularityModel;
import io.tastestream.trainer.baselines.TagProfileCosineModel;
import java.nio.file.Path;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Nothing from the test pairs (10, A1) and (30, A4) of {@link SmallData#random} reaches any model. */
class LeakageTest {
    @TempDir
    Path tmp;

    @Test
    void testPairsReachNoFeatureProfileOrCount() throws Exception {
        Split split = Splitter.split(HetRecReader.read(SmallData.random(tmp)), Protocol.RANDOM, null, null);
        TrainingMatrix m = TrainingMatrix.of(split);
        int a1 = split.indexOf(1);
        int a4 = split.indexOf(4);

        // popularity: A1 has users 10, 20, 30 in the data but 10's pair is test
        assertThat(m.users(a1)).isEqualTo(2);
        assertThat(m.users(a4)).isEqualTo(1);
        Split.EvalUser u10 = split.users().get(0);
        assertThat(new PopularityModel(m).scores(u10)[a1]).isEqualTo(2);
        // itemknn: A1 and A4 co-occur only through user 10's test pair and user 30's test pair, never in training
        assertThat(new ItemKnnModel(m).similarity(a1, a4)).isZero();
        // tag profiles: A1's only tag event and A4's only tag event belong to test pairs
        TagProfileCosineModel tags = new TagProfileCosineModel(split, m);
        assertThat(tags.vector(a1)).isEmpty();
        assertThat(tags.vector(a4)).isEmpty();

        // tastestream: the catalog and the taste come from training only
        TastestreamModel ts = new TastestreamModel(split, new LinearRanker(), TasteSettings.defaults(),
                Clock.systemUTC());
        CatalogArtist catalogA1 = ts.catalog().artist("A1").orElseThrow();
        assertThat(catalogA1.listeners()).isEqualTo(2);
        assertThat(catalogA1.tags()).isEmpty();
        assertThat(ts.catalog().artist("A4").orElseThrow().tags()).isEmpty();
        TasteSnapshot taste = ts.taste(10);
        assertThat(taste.topArtists()).extracting(Weighted::name).containsExactlyInAnyOrder("A2", "A3", "A4", "A5",
                "A6");
        assertThat(ts.taste(30).topArtists()).extracting(Weighted::name).doesNotContain("A4");
        // and it never ranks a training artist
        for (Split.EvalUser u : split.users()) {
            for (int item : ts.rank(u, 50)) {
                assertThat(u.isTraining(item)).isFalse();
            }
        }
    }

    /**
     * The catalog's EASE rows in evaluate come from the training split: they equal the {@code ease} baseline's B fitted
     * on the training matrix (at the catalog's λ and dropout), and differ from an EASE fitted on all the data. A4 has
     * two listeners in the data (10 and 30) but only one in training (30's pair is test), so it has no EASE row, and
     * no row weighs it.
     */
    @Test
    void easeInTheCatalogIsFittedOnTrainingOnly() throws Exception {
        Dataset all = HetRecReader.read(SmallData.random(tmp));
        Split split = Splitter.split(all, Protocol.RANDOM, null, null);
        TrainingMatrix m = TrainingMatrix.of(split);
        // the same math at the catalog's λ and dropout (the ease baseline's own defaults differ)
        EaseModel baseline = new EaseModel(m, CatalogBuilder.DEFAULT_EASE_LAMBDA, CatalogBuilder.DEFAULT_EASE_DROPOUT);
        Catalog catalog = new TastestreamModel(split, new LinearRanker(), TasteSettings.defaults(),
                Clock.systemUTC()).catalog();

        assertThat(catalog.hasEase()).isTrue();
        assertThat(catalog.ease("a4")).isNull();
        int rows = 0;
        for (var e : catalog.allEase().entrySet()) {
            EaseWeights row = e.getValue();
            assertThat(row.keys()).doesNotContain("a4");
            int from = split.indexOf(Integer.parseInt(e.getKey().substring(1)));
            for (int i = 0; i < row.size(); i++) {
                int to = split.indexOf(Integer.parseInt(row.keys().get(i).substring(1)));
                assertThat((double) row.weights()[i]).isCloseTo(baseline.weight(from, to),
                        org.assertj.core.api.Assertions.within(1e-6));
                rows++;
            }
        }
        assertThat(rows).isPositive();

        Catalog leaky = CatalogBuilder.build(all, 10, 10, CatalogBuilder.DEFAULT_EASE_NEGATIVE_WEIGHTS,
                CatalogBuilder.DEFAULT_EASE_LAMBDA, CatalogBuilder.DEFAULT_EASE_DROPOUT, Clock.systemUTC(),
                Progress.NONE);
        assertThat(leaky.ease("a4")).isNotNull();
        assertThat(leaky.ease("a1").weights()).isNotEqualTo(catalog.ease("a1").weights());
    }
}
