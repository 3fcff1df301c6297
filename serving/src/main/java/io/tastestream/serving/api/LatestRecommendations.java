package io.tastestream.serving.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.serde.Json;
import io.tastestream.serving.topology.ServingTopology;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads the topology's latest-recommendations store. The store is looked up on every call: after a rebalance the
 * old handle is invalid, and looking up throws {@link InvalidStateStoreException} while the store is not queryable
 * (the API answers 503 then).
 *
 * <p>With several serving instances ({@code serving.advertised-host} set, so each tells the others where it is
 * through Kafka Streams' {@code application.server}), each holds the users of its partitions: a user held by
 * another instance is asked of that instance over HTTP ({@code ?local=true}, which answers from its own store only,
 * so two instances that disagree during a rebalance never pass a request back and forth), and the user list
 * gathers every instance's. Without it, this instance holds every partition and nothing is forwarded.
 */
public final class LatestRecommendations {
    private static final Duration REMOTE_TIMEOUT = Duration.ofSeconds(5);

    private final Supplier<? extends ReadOnlyKeyValueStore<String, Recommendations>> store;
    private final KafkaStreams streams;
    /** This instance's {@code application.server}; null when it is the only instance. */
    private final HostInfo self;
    private final HttpClient http;

    private LatestRecommendations(Supplier<? extends ReadOnlyKeyValueStore<String, Recommendations>> store,
                                  KafkaStreams streams, HostInfo self) {
        this.store = store;
        this.streams = streams;
        this.self = self;
        this.http = self == null ? null : HttpClient.newBuilder().connectTimeout(REMOTE_TIMEOUT).build();
    }

    /** Reads only {@code store}: one instance holding everything. */
    public LatestRecommendations(Supplier<? extends ReadOnlyKeyValueStore<String, Recommendations>> store) {
        this(store, null, null);
    }

    /** Interactive queries against the local instance, which holds every partition in a single-instance setup. */
    public static LatestRecommendations of(KafkaStreams streams) {
        return of(streams, null);
    }

    /**
     * Interactive queries, forwarded to the instance that holds a user when {@code self} (this instance's
     * {@code application.server}) is given.
     */
    public static LatestRecommendations of(KafkaStreams streams, HostInfo self) {
        StoreQueryParameters<ReadOnlyKeyValueStore<String, Recommendations>> query = StoreQueryParameters
                .fromNameAndType(ServingTopology.LATEST_RECOMMENDATIONS_STORE, QueryableStoreTypes.keyValueStore());
        return new LatestRecommendations(() -> streams.store(query), self == null ? null : streams, self);
    }

    /** The user's latest recommendations, from whichever instance holds them. */
    public Optional<Recommendations> forUser(String userId) {
        if (self == null) {
            return forUserHere(userId);
        }
        KeyQueryMetadata owner = streams.queryMetadataForKey(ServingTopology.LATEST_RECOMMENDATIONS_STORE, userId,
                Serdes.String().serializer());
        if (owner == null || owner.equals(KeyQueryMetadata.NOT_AVAILABLE)) {
            throw new InvalidStateStoreException("no serving instance holds user '" + userId + "' right now");
        }
        if (owner.activeHost().equals(self)) {
            return forUserHere(userId);
        }
        HttpResponse<String> response = get(owner.activeHost(), "/users/"
                + URLEncoder.encode(userId, StandardCharsets.UTF_8).replace("+", "%20") + "/recommendations");
        return switch (response.statusCode()) {
            case 200 -> Optional.of(Recommendations.SERDE.decode(response.body().getBytes(StandardCharsets.UTF_8)));
            case 404 -> Optional.empty();
            default -> throw new InvalidStateStoreException("serving instance " + owner.activeHost()
                    + " answered " + response.statusCode() + " for user '" + userId + "'");
        };
    }

    /** The user's latest recommendations in this instance's store only. */
    public Optional<Recommendations> forUserHere(String userId) {
        return Optional.ofNullable(store.get().get(userId));
    }

    /** Up to {@code limit} user ids in key order, of every instance. */
    public Page users(int limit) {
        Page here = usersHere(limit);
        if (self == null) {
            return here;
        }
        TreeSet<String> ids = new TreeSet<>(here.users());
        boolean truncated = here.truncated();
        for (StreamsMetadata instance : streams.streamsMetadataForStore(ServingTopology.LATEST_RECOMMENDATIONS_STORE)) {
            if (instance.hostInfo().equals(self)) {
                continue;
            }
            HttpResponse<String> response = get(instance.hostInfo(), "/users?limit=" + limit);
            if (response.statusCode() != 200) {
                throw new InvalidStateStoreException("serving instance " + instance.hostInfo() + " answered "
                        + response.statusCode() + " for its users");
            }
            Page page = decode(response.body(), instance.hostInfo());
            ids.addAll(page.users());
            truncated |= page.truncated();
        }
        List<String> first = new ArrayList<>(ids).subList(0, Math.min(limit, ids.size()));
        return new Page(List.copyOf(first), truncated || ids.size() > limit);
    }

    /**
     * The {@code limit} smallest user ids of this instance's store, in key order. The store iterates partition by
     * partition, each in order but not merged, so every key is read and the smallest kept (one more, to tell whether
     * the list was cut).
     */
    public Page usersHere(int limit) {
        TreeSet<String> smallest = new TreeSet<>();
        try (KeyValueIterator<String, Recommendations> it = store.get().all()) {
            while (it.hasNext()) {
                smallest.add(it.next().key);
                if (smallest.size() > limit + 1) {
                    smallest.pollLast();
                }
            }
        }
        boolean more = smallest.size() > limit;
        if (more) {
            smallest.pollLast();
        }
        return new Page(List.copyOf(smallest), more);
    }

    /** GET {@code path} (with {@code local=true}) from another instance; unreachable counts as not queryable. */
    private HttpResponse<String> get(HostInfo instance, String path) {
        URI uri = URI.create("http://" + instance.host() + ":" + instance.port() + path
                + (path.contains("?") ? "&" : "?") + "local=true");
        try {
            return http.send(HttpRequest.newBuilder(uri).timeout(REMOTE_TIMEOUT).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new InvalidStateStoreException("serving instance " + instance + " did not answer: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InvalidStateStoreException("interrupted while asking serving instance " + instance);
        }
    }

    private static Page decode(String body, HostInfo instance) {
        try {
            return Json.mapper().readValue(body, Page.class);
        } catch (JsonProcessingException e) {
            throw new InvalidStateStoreException("serving instance " + instance + " sent an unreadable user list");
        }
    }

    public record Page(List<String> users, boolean truncated) {}
}
