package io.tastestream.serving.api;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.serde.Json;
import io.tastestream.serving.api.FeedbackPublisher.FeedbackNotStoredException;
import java.time.Clock;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The REST endpoints:
 * <ul>
 *   <li>{@code GET /health}: 200 when the streams application is RUNNING, else 503, both with the state</li>
 *   <li>{@code GET /users?limit=N}: user ids that have recommendations, in id order, at most N (default 100)</li>
 *   <li>{@code GET /users/{id}/recommendations}: the latest Recommendations, 404 when the user has none</li>
 *   <li>both with {@code local=true}: from this instance's store only (what instances ask each other, see
 *   {@link LatestRecommendations})</li>
 *   <li>{@code POST /users/{id}/feedback}: {"type","artist","track"} to the feedback topic, 202</li>
 *   <li>{@code GET /version}: the catalog and ranker versions serving now, when they were loaded, the ranker's
 *   features, and the last refused artifact (if any)</li>
 *   <li>{@code GET /metrics}: Prometheus text format</li>
 * </ul>
 * Errors are JSON {@code {"error": "..."}}.
 */
public final class ServingApi {
    private static final Logger LOG = LoggerFactory.getLogger(ServingApi.class);
    static final int DEFAULT_USERS = 100;
    static final int MAX_USERS = 1000;
    private static final String PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

    private final Supplier<KafkaStreams.State> streamsState;
    private final LatestRecommendations latest;
    private final FeedbackPublisher feedback;
    private final PrometheusMeterRegistry registry;
    private final Clock clock;
    private final Supplier<?> versions;

    /** @param versions what {@code GET /version} returns (serialised as JSON) */
    public ServingApi(Supplier<KafkaStreams.State> streamsState, LatestRecommendations latest,
                      FeedbackPublisher feedback, PrometheusMeterRegistry registry, Clock clock,
                      Supplier<?> versions) {
        this.versions = versions;
        this.streamsState = streamsState;
        this.latest = latest;
        this.feedback = feedback;
        this.registry = registry;
        this.clock = clock;
    }

    public void register(Javalin app) {
        app.get("/health", this::health);
        app.get("/users", this::users);
        app.get("/users/{id}/recommendations", this::recommendations);
        app.post("/users/{id}/feedback", this::feedback);
        app.get("/metrics", this::metrics);
        app.get("/version", ctx -> ctx.json(versions.get()));
        // the store is not queryable while the application (re)starts or rebalances: a retryable condition
        app.exception(InvalidStateStoreException.class, (e, ctx) -> error(ctx, HttpStatus.SERVICE_UNAVAILABLE,
                "recommendations are not queryable right now (" + streamsState.get() + "), retry shortly"));
        app.exception(FeedbackNotStoredException.class, (e, ctx) -> {
            LOG.warn("feedback not stored: {}", e.getMessage());
            error(ctx, HttpStatus.SERVICE_UNAVAILABLE, e.getMessage());
        });
    }

    private void health(Context ctx) {
        KafkaStreams.State state = streamsState.get();
        ctx.status(state == KafkaStreams.State.RUNNING ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE)
                .json(Map.of("status", state == KafkaStreams.State.RUNNING ? "UP" : "DOWN", "streams", state.name()));
    }

    private void users(Context ctx) {
        int limit;
        try {
            limit = ctx.queryParam("limit") == null ? DEFAULT_USERS : Integer.parseInt(ctx.queryParam("limit"));
        } catch (NumberFormatException e) {
            error(ctx, HttpStatus.BAD_REQUEST, "query parameter 'limit' must be a whole number");
            return;
        }
        if (limit < 1 || limit > MAX_USERS) {
            error(ctx, HttpStatus.BAD_REQUEST, "query parameter 'limit' must be between 1 and " + MAX_USERS);
            return;
        }
        ctx.json(here(ctx) ? latest.usersHere(limit) : latest.users(limit));
    }

    /** {@code ?local=true}: another serving instance asks for what this one holds itself (no forwarding). */
    private static boolean here(Context ctx) {
        return "true".equals(ctx.queryParam("local"));
    }

    private void recommendations(Context ctx) {
        String userId = ctx.pathParam("id");
        (here(ctx) ? latest.forUserHere(userId) : latest.forUser(userId)).ifPresentOrElse(ctx::json,
                () -> error(ctx, HttpStatus.NOT_FOUND, "no recommendations for user '" + userId + "' yet"));
    }

    private void feedback(Context ctx) {
        String userId = ctx.pathParam("id");
        FeedbackEvent event;
        try {
            FeedbackRequest request = Json.mapper().readValue(ctx.body(), FeedbackRequest.class);
            if (request == null) {
                throw new IllegalArgumentException("body must be a JSON object");
            }
            event = request.toEvent(userId, clock.instant());
        } catch (JsonProcessingException e) {
            error(ctx, HttpStatus.BAD_REQUEST, "body is not valid feedback JSON: " + e.getOriginalMessage());
            return;
        } catch (IllegalArgumentException e) {
            error(ctx, HttpStatus.BAD_REQUEST, e.getMessage());
            return;
        }
        feedback.publish(event);
        ctx.status(HttpStatus.ACCEPTED).json(event);
    }

    private void metrics(Context ctx) {
        ctx.contentType(PROMETHEUS_CONTENT_TYPE).result(registry.scrape());
    }

    private static void error(Context ctx, HttpStatus status, String message) {
        ctx.status(status).json(Map.of("error", message));
    }
}
