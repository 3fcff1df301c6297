package io.tastestream.serving.web;

import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.tastestream.core.serde.Json;
import io.tastestream.serving.api.ServingApi;

/** The HTTP server: the REST API plus the static page under {@code src/main/resources/web}. */
public final class ServingWebServer implements AutoCloseable {
    /** Classpath directory of the page; {@code /} serves its index.html. */
    static final String WEB_RESOURCES = "/web";

    private final Javalin app;

    private ServingWebServer(Javalin app) {
        this.app = app;
    }

    /** Starts listening on {@code port}; 0 picks a free one (see {@link #port()}). */
    public static ServingWebServer start(ServingApi api, int port) {
        Javalin app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            // the API writes events with the same JSON conventions as the topics (ISO instants, no nulls)
            config.jsonMapper(new JavalinJackson(Json.mapper(), false));
            config.staticFiles.add(WEB_RESOURCES, Location.CLASSPATH);
        });
        api.register(app);
        app.start(port);
        return new ServingWebServer(app);
    }

    public int port() {
        return app.port();
    }

    @Override
    public void close() {
        app.stop();
    }
}
