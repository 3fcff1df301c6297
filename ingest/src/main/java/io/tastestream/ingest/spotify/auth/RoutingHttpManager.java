package io.tastestream.ingest.spotify.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.apache.hc.core5.http.Header;
import org.apache.hc.core5.http.HttpEntity;
import se.michaelthelin.spotify.IHttpManager;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadGatewayException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.ForbiddenException;
import se.michaelthelin.spotify.exceptions.detailed.InternalServerErrorException;
import se.michaelthelin.spotify.exceptions.detailed.NotFoundException;
import se.michaelthelin.spotify.exceptions.detailed.ServiceUnavailableException;
import se.michaelthelin.spotify.exceptions.detailed.TooManyRequestsException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;

/**
 * The HTTP transport of spotify-web-api-java, on the JDK's HttpClient. Two reasons for our own:
 * <ol>
 *   <li>the library sends token requests to {@code https://accounts.spotify.com} whatever the API host is set to;
 *       this manager sends them to the configured accounts service ({@code spotify.accounts-url}), so the local
 *       fake (or a proxy) can stand in for it;</li>
 *   <li>it maps answers to the library's exceptions with messages that never contain a request body, a header or
 *       a token (the library's own manager is not careful about that), and with a request timeout.</li>
 * </ol>
 */
public final class RoutingHttpManager implements IHttpManager {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final URI accounts;
    private final HttpClient http;
    private final Duration timeout;

    public RoutingHttpManager(URI accountsUrl, Duration timeout) {
        this.accounts = accountsUrl;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().connectTimeout(timeout).followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** Requests to Spotify's fixed accounts host go to the configured accounts service instead. */
    URI route(URI uri) {
        if (!SpotifyApi.DEFAULT_AUTHENTICATION_HOST.equals(uri.getHost())) {
            return uri;
        }
        String base = accounts.toString().replaceAll("/+$", "");
        return URI.create(base + uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery()));
    }

    @Override
    public String get(URI uri, Header[] headers) throws IOException, SpotifyWebApiException {
        return execute(request(uri, headers, null).GET().build());
    }

    @Override
    public String post(URI uri, Header[] headers, HttpEntity body) throws IOException, SpotifyWebApiException {
        return execute(request(uri, headers, body).POST(publisher(body)).build());
    }

    @Override
    public String put(URI uri, Header[] headers, HttpEntity body) throws IOException, SpotifyWebApiException {
        return execute(request(uri, headers, body).PUT(publisher(body)).build());
    }

    @Override
    public String delete(URI uri, Header[] headers, HttpEntity body) throws IOException, SpotifyWebApiException {
        return execute(request(uri, headers, body).method("DELETE", publisher(body)).build());
    }

    private HttpRequest.Builder request(URI uri, Header[] headers, HttpEntity body) {
        HttpRequest.Builder b = HttpRequest.newBuilder(route(uri)).timeout(timeout);
        if (headers != null) {
            for (Header h : headers) {
                if (!isRestricted(h.getName())) {
                    b.header(h.getName(), h.getValue());
                }
            }
        }
        if (body != null && body.getContentType() != null) {
            b.setHeader("Content-Type", body.getContentType());
        }
        return b;
    }

    private static boolean isRestricted(String header) {
        String h = header.toLowerCase(java.util.Locale.ROOT);
        return h.equals("content-length") || h.equals("host") || h.equals("connection");
    }

    private static HttpRequest.BodyPublisher publisher(HttpEntity body) throws IOException {
        if (body == null) {
            return HttpRequest.BodyPublishers.noBody();
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        body.writeTo(bytes);
        return HttpRequest.BodyPublishers.ofByteArray(bytes.toByteArray());
    }

    private String execute(HttpRequest request) throws IOException, SpotifyWebApiException {
        HttpResponse<String> response;
        try {
            response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted");
        }
        int status = response.statusCode();
        if (status < 400) {
            return response.body();
        }
        // only the path: a query may hold a code, a body may hold tokens
        String where = request.method() + " " + request.uri().getPath() + ": HTTP " + status;
        String message = where + errorMessage(response.body());
        switch (status) {
            case 400 -> throw new BadRequestException(message);
            case 401 -> throw new UnauthorizedException(message);
            case 403 -> throw new ForbiddenException(message);
            case 404 -> throw new NotFoundException(message);
            case 429 -> throw new TooManyRequestsException(message, retryAfter(response));
            case 500 -> throw new InternalServerErrorException(message);
            case 502 -> throw new BadGatewayException(message);
            case 503 -> throw new ServiceUnavailableException(message);
            default -> throw new SpotifyWebApiException(message);
        }
    }

    /** Retry-After in seconds; absent or unreadable counts as 1 s (never 0: that would hammer the service). */
    private static int retryAfter(HttpResponse<?> response) {
        try {
            return Math.max(1, Integer.parseInt(response.headers().firstValue("Retry-After").orElse("1").trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }

    /**
     * Spotify's two error shapes: the accounts service's {@code {"error":"invalid_grant","error_description":..}}
     * and the Web API's {@code {"error":{"status":401,"message":..}}}. Only those fields are quoted.
     */
    static String errorMessage(String body) {
        try {
            JsonNode node = JSON.readTree(body);
            JsonNode error = node.path("error");
            if (error.isTextual()) {
                return " " + error.asText() + (node.hasNonNull("error_description")
                        ? " (" + node.get("error_description").asText() + ")" : "");
            }
            if (error.isObject() && error.hasNonNull("message")) {
                return " " + error.get("message").asText();
            }
        } catch (IOException | RuntimeException e) {
            // not JSON: say nothing about the body
        }
        return "";
    }
}
