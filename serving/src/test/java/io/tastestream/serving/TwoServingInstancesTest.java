package io.tastestream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.serde.Json;
import io.tastestream.core.topic.Topics;
import io.tastestream.serving.fixtures.RunningServing;
import io.tastestream.serving.fixtures.Snapshots;
import io.tastestream.serving.topology.ServingTopology;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two serving instances of one application on a real broker, each holding half the partitions: either answers for
 * every user (asking the other for the users it holds) and lists every user.
 */
class TwoServingInstancesTest {
    private final HttpClient http = HttpClient.newHttpClient();

    @Test
    void eitherInstanceServesEveryUserAndListsThemAll(@TempDir Path tmp) throws Exception {
        List<String> users = IntStream.range(0, 16).mapToObj(i -> "listener-" + (char) ('a' + i)).toList();
        try (RunningServing serving = RunningServing.start(tmp, 2)) {
            // both instances running with partitions of their own
            awaitTrue(() -> running(serving.app(0)) && running(serving.app(1)) && holdsPartitions(serving, 0)
                    && holdsPartitions(serving, 1));
            for (String user : users) {
                serving.send(Topics.TASTE, user, TasteSnapshot.SERDE.encode(Snapshots.postRockFan(user)));
            }
            serving.readUntil(Topics.RECOMMENDATIONS, read -> read.stream()
                    .map(r -> new String(r.key(), StandardCharsets.UTF_8)).distinct().count() == users.size());

            for (int instance = 0; instance < 2; instance++) {
                for (String user : users) {
                    URI uri = serving.uri(instance, "/users/" + user + "/recommendations");
                    HttpResponse<String> response = awaitStatus(uri, 200);
                    assertThat(Recommendations.SERDE.decode(response.body()).userId()).isEqualTo(user);
                }
                JsonNode listed = Json.mapper().readTree(awaitStatus(serving.uri(instance, "/users"), 200).body());
                assertThat(listed.get("users")).extracting(JsonNode::asText).containsExactlyElementsOf(users);
                assertThat(listed.get("truncated").asBoolean()).isFalse();
                JsonNode firstFive = Json.mapper().readTree(get(serving.uri(instance, "/users?limit=5")).body());
                assertThat(firstFive.get("users")).extracting(JsonNode::asText)
                        .containsExactlyElementsOf(users.subList(0, 5));
                assertThat(firstFive.get("truncated").asBoolean()).isTrue();
            }
            // the answers above needed both: each instance holds only some of the users itself
            long held0 = heldHere(serving.app(0), users);
            long held1 = heldHere(serving.app(1), users);
            assertThat(held0).isPositive().isLessThan(users.size());
            assertThat(held0 + held1).isEqualTo(users.size());
            // and what each holds itself, in key order although its store iterates partition by partition
            for (int instance = 0; instance < 2; instance++) {
                ServingApp app = serving.app(instance);
                List<String> held = users.stream().filter(u -> heldBy(app, u)).sorted().toList();
                JsonNode here = Json.mapper().readTree(get(serving.uri(instance, "/users?local=true&limit=3")).body());
                assertThat(here.get("users")).extracting(JsonNode::asText)
                        .containsExactlyElementsOf(held.subList(0, Math.min(3, held.size())));
                assertThat(here.get("truncated").asBoolean()).isEqualTo(held.size() > 3);
            }
        }
    }

    private static boolean running(ServingApp app) {
        return app.streams().state() == KafkaStreams.State.RUNNING;
    }

    private static boolean holdsPartitions(RunningServing serving, int instance) {
        return serving.app(instance).streams().metadataForLocalThreads().stream()
                .anyMatch(thread -> !thread.activeTasks().isEmpty());
    }

    private static ReadOnlyKeyValueStore<String, Recommendations> localStore(ServingApp app) {
        return app.streams().store(StoreQueryParameters.fromNameAndType(
                ServingTopology.LATEST_RECOMMENDATIONS_STORE, QueryableStoreTypes.<String, Recommendations>keyValueStore()));
    }

    private static boolean heldBy(ServingApp app, String user) {
        return localStore(app).get(user) != null;
    }

    private static long heldHere(ServingApp app, List<String> users) {
        return users.stream().filter(u -> heldBy(app, u)).count();
    }

    private HttpResponse<String> get(URI uri) throws Exception {
        return http.send(HttpRequest.newBuilder(uri).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    /** Retries while the instances settle (a rebalance answers 503), up to RunningServing.PATIENCE. */
    private HttpResponse<String> awaitStatus(URI uri, int status) throws Exception {
        Instant deadline = Instant.now().plus(RunningServing.PATIENCE);
        HttpResponse<String> last = get(uri);
        while (last.statusCode() != status) {
            assertThat(Instant.now()).as("%s, last answered %s %s", uri, last.statusCode(), last.body())
                    .isBefore(deadline);
            Thread.sleep(100);
            last = get(uri);
        }
        return last;
    }

    private static void awaitTrue(java.util.function.BooleanSupplier condition) throws InterruptedException {
        Instant deadline = Instant.now().plus(RunningServing.PATIENCE);
        while (!condition.getAsBoolean()) {
            assertThat(Instant.now()).as("both serving instances running with partitions").isBefore(deadline);
            Thread.sleep(100);
        }
    }
}
