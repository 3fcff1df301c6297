package io.tastestream.core.recommend;

import io.tastestream.core.catalog.Catalog;
import io.tastestream.core.event.TasteSnapshot;
import java.util.Map;

/**
 * Proposes artists for a user and records what it found as named features on each {@link Candidate} (creating it in
 * {@code out} with {@link Candidate#in} when no generator proposed it yet). Generators must be thread-safe: one
 * instance serves many users at once.
 */
public interface CandidateGenerator {
    void generate(TasteSnapshot taste, Catalog catalog, Map<String, Candidate> out);
}
