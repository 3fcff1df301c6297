package io.tastestream.serving.api;

import io.tastestream.core.event.Recommendations;
import io.tastestream.serving.topology.ServingTopology;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the topology's latest-recommendations store. The store is looked up on every call: after a rebalance the
 * old handle is invalid, and looking up throws {@link org.apache.kafka.streams.errors.InvalidStateStoreException}
 * while the store is not queryable (the API answers 503 then).
 */
public final class LatestRecommendations {
    private final Supplier<? extends ReadOnlyKeyValueStore<String, Recommendations>> store;

    public LatestRecommendations(Supplier<? extends ReadOnlyKeyValueStore<String, Recommendations>> store) {
        this.store = store;
    }

    /** Interactive queries against the local instance, which holds every partition in a single-instance setup. */
    public static LatestRecommendations of(KafkaStreams streams) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, Recommendations>> query = StoreQueryParameters
                .fromNameAndType(ServingTopology.LATEST_RECOMMENDATIONS_STORE, QueryableStoreTypes.keyValueStore());
        return new LatestRecommendations(() -> streams.store(query));
    }

    public Optional<Recommendations> forUser(String userId) {
        return Optional.ofNullable(store.get().get(userId));
    }

    /** Up to {@code limit} user ids in key order; one more is read to tell whether the list was cut. */
    public Page users(int limit) {
        List<String> ids = new ArrayList<>();
        boolean more = false;
        try (KeyValueIterator<String, Recommendations> it = store.get().all()) {
            while (it.hasNext()) {
                KeyValue<String, Recommendations> next = it.next();
                if (ids.size() == limit) {
                    more = true;
                    break;
                }
                ids.add(next.key);
            }
        }
        return new Page(ids, more);
    }

    public record Page(List<String> users, boolean truncated) {}
}
