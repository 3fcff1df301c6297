package io.tastestream.ingest.common;

import com.sun.net.httpserver.HttpServer;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/** {@code GET /metrics} in Prometheus text format for a long-running ingest command, on a loopback port. */
public final class MetricsEndpoint {
    private MetricsEndpoint() {}

    /** Starts serving; stop the returned server with {@code stop(0)}. */
    public static HttpServer serve(PrometheusMeterRegistry registry, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 4);
        server.createContext("/metrics", exchange -> {
            byte[] body = registry.scrape().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; version=0.0.4; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream o = exchange.getResponseBody()) {
                o.write(body);
            }
        });
        server.start();
        return server;
    }

    /**
     * For a command's {@code --metrics-port}: serves on {@code port} when one is given, else returns null. A port that
     * cannot be served is an IOException whose message names it.
     */
    public static HttpServer serveIfAsked(PrometheusMeterRegistry registry, Integer port) throws IOException {
        if (port == null) {
            return null;
        }
        try {
            return serve(registry, port);
        } catch (IOException e) {
            throw new IOException("cannot serve metrics on port " + port + ": " + e.getMessage(), e);
        }
    }

    /** Stops a server of {@link #serveIfAsked} (null: none was asked for). */
    public static void stop(HttpServer server) {
        if (server != null) {
            server.stop(0);
        }
    }
}
