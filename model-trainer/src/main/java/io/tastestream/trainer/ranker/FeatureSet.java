package io.tastestream.trainer.ranker;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.recommend.CandidateGenerator;
import io.tastestream.core.recommend.CandidateGenerators;
import io.tastestream.core.recommend.FeatureSchema;
import io.tastestream.core.recommend.Features;
import io.tastestream.trainer.evaluate.Split;
import io.tastestream.trainer.evaluate.TrainingMatrix;
import java.util.List;

/** Which candidates and features a ranker is trained and evaluated on. */
public enum FeatureSet {
    /**
     * What serving computes from a taste snapshot and the catalog: core's wide pool
     * ({@link CandidateGenerators#wide()}) and {@link Features#CORE}. What {@code train} writes and serving loads.
     */
    SERVING(new FeatureSchema("serving-v3", Features.CORE)),
    /**
     * Evaluate only: the serving pool plus item-kNN over each user's whole training history and friends' listening
     * ({@link SplitGenerators}), which need data a taste snapshot and a catalog do not carry. Serving refuses such a
     * model; {@code evaluate} reports it as {@code tastestream-offline-features} to show what that data would add.
     */
    OFFLINE_ONLY(new FeatureSchema("offline-only-v3", SplitGenerators.FEATURES));

    private final FeatureSchema schema;

    FeatureSet(FeatureSchema schema) {
        this.schema = schema;
    }

    public FeatureSchema schema() {
        return schema;
    }

    /** The generators for a split whose catalog was built from its training data. */
    public List<CandidateGenerator> generators(Split split, Catalog catalog) {
        return this == SERVING ? CandidateGenerators.wide()
                : new SplitGenerators(split, TrainingMatrix.of(split), catalog).all();
    }
}
