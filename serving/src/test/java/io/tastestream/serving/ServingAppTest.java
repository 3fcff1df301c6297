package io.tastestream.serving;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.tastestream.core.event.DeadLetter;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.Recommendations;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.serde.Json;
import io.tastestream.core.topic.Topics;
import io.tastestream.serving.api.FeedbackRequest;
import io.tastestream.serving.fixtures.Snapshots;
import io.tastestream.serving.fixtures.RunningServing;
import io.tastestream.serving.fixtures.TwoScenesCatalog;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.streams.KafkaStreams;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole serving process against a real single-node KRaft broker: topics created, snapshots consumed, the REST
 * API answering from the state store, feedback written to the feedback topic, the page served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServingAppTest {
    private static final Duration PATIENCE = RunningServing.PATIENCE;

    private RunningServing serving;
    private final HttpClient http = HttpClient.newHttpClient();

    @BeforeAll
    void start(@TempDir Path tmp) throws Exception {
        serving = RunningServing.start(tmp);
        // garbage first: the snapshot behind it must still be served
        serving.send(Topics.TASTE, "mallory", "\u0000 definitely not a snapshot".getBytes(StandardCharsets.UTF_8));
        serving.send(Topics.TASTE, "alice", TasteSnapshot.SERDE.encode(Snapshots.postRockFan("alice")));
    }

    @AfterAll
    void stop() throws Exception {
        if (serving != null) {
            serving.close();
        }
    }

    @Test
    void versionNamesTheCatalogAndRankerServing() throws Exception {
        JsonNode version = json(get("/version"));

        // no models directory in this setup: the linear blend ranks
        assertThat(version.get("catalog").asText()).isEqualTo(TwoScenesCatalog.VERSION);
        assertThat(version.get("ranker").asText()).isEqualTo("linear-v1");
        assertThat(version.get("modelVersion").asText()).isEqualTo(TwoScenesCatalog.VERSION + "/linear-v1");
        assertThat(version.get("rankerFeatures")).isNotEmpty();
    }

    @Test
    void healthIsUpOnceTheStreamsApplicationRuns() throws Exception {
        HttpResponse<String> health = await(() -> get("/health"), r -> r.statusCode() == 200);

        assertThat(json(health).get("streams").asText()).isEqualTo(KafkaStreams.State.RUNNING.name());
    }

    @Test
    void recommendationsOfASnapshotAreServedFromTheStore() throws Exception {
        HttpResponse<String> response = await(() -> get("/users/alice/recommendations"), r -> r.statusCode() == 200);

        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/json"));
        Recommendations recs = Recommendations.SERDE.decode(response.body());
        assertThat(recs.userId()).isEqualTo("alice");
        assertThat(recs.modelVersion()).startsWith(TwoScenesCatalog.VERSION);
        assertThat(recs.items()).hasSize(5)
                .allSatisfy(item -> assertThat(TwoScenesCatalog.postRockKeys()).contains(
                        io.tastestream.core.event.Names.key(item.artist())));

        JsonNode users = json(get("/users"));
        assertThat(users.get("users")).extracting(JsonNode::asText).containsExactly("alice");
        assertThat(users.get("truncated").asBoolean()).isFalse();
    }

    @Test
    void unknownUserIs404WithAJsonError() throws Exception {
        await(() -> get("/health"), r -> r.statusCode() == 200);

        HttpResponse<String> response = get("/users/" + URLEncoder.encode("no body", StandardCharsets.UTF_8)
                .replace("+", "%20") + "/recommendations");

        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(json(response).get("error").asText()).contains("'no body'");
    }

    @Test
    void garbageOnTheTasteTopicLandsOnDeadLettersWithItsReason() throws Exception {
        List<ConsumerRecord<byte[], byte[]>> letters = serving.readUntil(Topics.DEAD_LETTERS, list -> !list.isEmpty());

        DeadLetter letter = DeadLetter.SERDE.decode(letters.get(0).value());
        assertThat(new String(letters.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("mallory");
        assertThat(letter.sourceTopic()).isEqualTo(Topics.TASTE.name());
        assertThat(letter.reason()).startsWith("TasteSnapshot: not valid JSON");
        assertThat(new String(letters.get(0).headers().lastHeader(DeadLetter.REASON_HEADER).value(),
                StandardCharsets.UTF_8)).isEqualTo(letter.reason());
    }

    @Test
    void feedbackFromThePageIsWrittenToTheFeedbackTopic() throws Exception {
        Instant before = Instant.now();
        HttpResponse<String> response = post("/users/alice/feedback", "{\"type\":\"like\",\"artist\":\"Nas\"}");

        assertThat(response.statusCode()).isEqualTo(202);
        List<ConsumerRecord<byte[], byte[]>> records = serving.readUntil(Topics.FEEDBACK, list -> !list.isEmpty());
        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).key(), StandardCharsets.UTF_8)).isEqualTo("alice");
        FeedbackEvent event = FeedbackEvent.SERDE.decode(records.get(0).value());
        assertThat(event.userId()).isEqualTo("alice");
        assertThat(event.type()).isEqualTo(FeedbackType.LIKE);
        assertThat(event.item()).isEqualTo(ItemRef.artist("Nas"));
        assertThat(event.source()).isEqualTo(FeedbackRequest.SOURCE);
        assertThat(event.at()).isAfterOrEqualTo(before.minusSeconds(1));
    }

    @Test
    void invalidFeedbackIsRefusedWithTheReason() throws Exception {
        HttpResponse<String> badType = post("/users/alice/feedback", "{\"type\":\"LOVE\",\"artist\":\"Nas\"}");
        HttpResponse<String> noArtist = post("/users/alice/feedback", "{\"type\":\"BAN\"}");
        HttpResponse<String> notJson = post("/users/alice/feedback", "LIKE Nas");

        assertThat(badType.statusCode()).isEqualTo(400);
        assertThat(json(badType).get("error").asText()).contains("'type'").contains("LOVE");
        assertThat(noArtist.statusCode()).isEqualTo(400);
        assertThat(json(noArtist).get("error").asText()).contains("'artist'");
        assertThat(notJson.statusCode()).isEqualTo(400);
    }

    @Test
    void thePageAndItsScriptAreServed() throws Exception {
        HttpResponse<String> page = get("/");
        HttpResponse<String> script = get("/app.js");

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<title>tastestream").contains("/app.js").contains("<label for=\"user\"");
        assertThat(script.statusCode()).isEqualTo(200);
        assertThat(script.body()).contains("/feedback");
    }

    @Test
    void metricsExposeOurCountersAndKafkaStreamsMetrics() throws Exception {
        await(() -> get("/users/alice/recommendations"), r -> r.statusCode() == 200);

        HttpResponse<String> metrics = get("/metrics");

        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("tastestream_recommendations_emitted_total")
                .contains("tastestream_dead_letters_total")
                .contains("tastestream_model_reloads_total{artifact=\"ranker\",result=\"refused\"}")
                .contains("tastestream_model_loaded_timestamp_seconds")
                .contains("kafka_stream_");
    }

    private static <T> T await(Callable<T> call, Predicate<T> done) throws Exception {
        Instant deadline = Instant.now().plus(PATIENCE);
        T last = call.call();
        while (!done.test(last)) {
            assertThat(Instant.now()).as("waiting, last saw %s", last).isBefore(deadline);
            Thread.sleep(100);
            last = call.call();
        }
        return last;
    }

    private interface Callable<T> {
        T call() throws Exception;
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(String path, String body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return serving.uri(path);
    }

    private static JsonNode json(HttpResponse<String> response) throws Exception {
        return Json.mapper().readTree(response.body());
    }
}
