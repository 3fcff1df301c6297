package io.tastestream.ingest.fake.lastfm;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local stand-in for the Last.fm web service (ws.audioscrobbler.com/2.0/), for tests and the demo's simulated
 * mode. It answers the POST form calls that lastfm-java sends ({@code method=…&api_key=…&…}) with the documented
 * XML ({@code <lfm status="ok">…</lfm>} or {@code <lfm status="failed"><error code="6">…</error></lfm>}) for
 * {@code user.getRecentTracks}, {@code artist.getTopTags} and {@code track.getTopTags}.
 *
 * <p>Faults can be scripted per method ({@link #failNext}): error 29 (rate limit exceeded), HTTP 503, or a
 * malformed body, so clients are tested against the failures the real service produces. Every request is logged
 * with its arrival time ({@link #requests()}), so tests can check a client's request rate.
 *
 * <p>Like the real service: recent tracks come newest first, at most 200 per page ({@code limit}), with
 * {@code page}, {@code perPage}, {@code totalPages} and {@code total} attributes; {@code from}/{@code to} (UNIX
 * seconds, both inclusive) narrow the range; a track playing now is an extra first row on page 1 with
 * {@code nowplaying="true"} and no date. Unknown users, artists and tracks answer error 6.
 */
public final class FakeLastfmApi implements AutoCloseable {

    /** A scripted failure. */
    public enum Fault {
        /** {@code <error code="29">Rate limit exceeded</error>} (HTTP 400, as the service sends errors). */
        RATE_LIMIT,
        /** HTTP 503 with an HTML body, as a load balancer in trouble answers. */
        SERVER_ERROR,
        /** HTTP 200 with a body cut off mid-element. */
        MALFORMED
    }

    /** One scrobble: what was played and when (UNIX seconds). */
    public record Scrobble(String artist, String track, String album, long uts) {}

    /** One request as it arrived. */
    public record Request(String method, Map<String, String> params, long arrivedNanos) {}

    private static final int MAX_LIMIT = 200;

    private final String apiKey;
    private final HttpServer server;
    private final Map<String, List<Scrobble>> scrobbles = new ConcurrentHashMap<>();
    private final Map<String, Scrobble> nowPlaying = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> artistTags = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Integer>> trackTags = new ConcurrentHashMap<>();
    private final Map<String, Deque<Fault>> faults = new ConcurrentHashMap<>();
    private final List<Request> requests = new CopyOnWriteArrayList<>();
    private final AtomicBoolean closed = new AtomicBoolean();

    private FakeLastfmApi(String apiKey, HttpServer server) {
        this.apiKey = apiKey;
        this.server = server;
    }

    /** Starts on a free loopback port; only requests carrying {@code apiKey} are served (others: error 10). */
    public static FakeLastfmApi start(String apiKey) throws IOException {
        return start(apiKey, 0);
    }

    public static FakeLastfmApi start(String apiKey, int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 0);
        FakeLastfmApi api = new FakeLastfmApi(apiKey, server);
        server.createContext("/2.0/", api::handle);
        server.setExecutor(Executors.newFixedThreadPool(2, r -> {
            Thread t = new Thread(r, "fake-lastfm");
            t.setDaemon(true);
            return t;
        }));
        server.start();
        return api;
    }

    /** The API root to give lastfm-java's {@code Caller.setApiRootUrl}, e.g. {@code http://127.0.0.1:4711/2.0/}. */
    public String url() {
        return "http://" + server.getAddress().getHostString() + ":" + server.getAddress().getPort() + "/2.0/";
    }

    // ---- data ----

    public FakeLastfmApi addScrobble(String user, String artist, String track, String album, Instant at) {
        scrobbles.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>())
                .add(new Scrobble(artist, track, album, at.getEpochSecond()));
        return this;
    }

    /** Makes the user known, with no scrobbles yet. */
    public FakeLastfmApi addUser(String user) {
        scrobbles.computeIfAbsent(user, u -> new CopyOnWriteArrayList<>());
        return this;
    }

    public FakeLastfmApi setNowPlaying(String user, String artist, String track) {
        addUser(user);
        nowPlaying.put(user, new Scrobble(artist, track, "", 0));
        return this;
    }

    /** Tags in the order given, with Last.fm's counts (0..100, the top tag usually 100). */
    public FakeLastfmApi setArtistTags(String artist, Map<String, Integer> tags) {
        artistTags.put(lookupKey(artist), new LinkedHashMap<>(tags));
        return this;
    }

    public FakeLastfmApi setTrackTags(String artist, String track, Map<String, Integer> tags) {
        trackTags.put(lookupKey(artist) + "\u001f" + lookupKey(track), new LinkedHashMap<>(tags));
        return this;
    }

    /** The next {@code times} calls of {@code method} fail with {@code fault}, in order with earlier scripts. */
    public FakeLastfmApi failNext(String method, Fault fault, int times) {
        Deque<Fault> queue = faults.computeIfAbsent(method, m -> new ArrayDeque<>());
        synchronized (queue) {
            for (int i = 0; i < times; i++) {
                queue.add(fault);
            }
        }
        return this;
    }

    /** Like {@link #failNext(String, Fault, int)}, but only for calls about {@code artist} (its {@code artist} parameter). */
    public FakeLastfmApi failNext(String method, String artist, Fault fault, int times) {
        return failNext(method + "|" + lookupKey(artist), fault, times);
    }

    public List<Request> requests() {
        return List.copyOf(requests);
    }

    public long requestCount(String method) {
        return requests.stream().filter(r -> method.equals(r.method())).count();
    }

    public void clearRequests() {
        requests.clear();
    }

    /** The largest number of requests that arrived within any window of {@code windowNanos} (half-open). */
    public int maxRequestsInAnyWindow(long windowNanos) {
        List<Long> times = requests.stream().map(Request::arrivedNanos).sorted().toList();
        int max = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(end) - times.get(start) >= windowNanos) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    // ---- HTTP ----

    private void handle(HttpExchange exchange) throws IOException {
        long arrived = System.nanoTime();
        try (exchange) {
            Map<String, String> params = new HashMap<>();
            parseForm(exchange.getRequestURI().getRawQuery(), params);
            if ("POST".equalsIgnoreCase(exchange.getRequestMethod())) {
                parseForm(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8), params);
            }
            String method = params.getOrDefault("method", "");
            requests.add(new Request(method, Map.copyOf(params), arrived));

            Fault fault = params.containsKey("artist") ? nextFault(method + "|" + lookupKey(params.get("artist")))
                    : null;
            if (fault == null) {
                fault = nextFault(method);
            }
            if (fault != null) {
                switch (fault) {
                    case RATE_LIMIT -> send(exchange, 400, error(29, "Rate Limit Exceeded - Your IP has made too "
                            + "many requests in a short period, exceeding our API guidelines"));
                    case SERVER_ERROR -> send(exchange, 503, "text/html",
                            "<html><body><h1>503 Service Unavailable</h1></body></html>");
                    case MALFORMED -> send(exchange, 200, "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
                            + "<lfm status=\"ok\">\n<recenttracks user=\"x\" page=\"1\"><track><name>Half");
                }
                return;
            }
            if (!apiKey.equals(params.get("api_key"))) {
                send(exchange, 403, error(10, "Invalid API key - You must be granted a valid key by last.fm"));
                return;
            }
            Answer answer = switch (method.toLowerCase(Locale.ROOT)) {
                case "user.getrecenttracks" -> recentTracks(params);
                case "artist.gettoptags" -> artistTopTags(params);
                case "track.gettoptags" -> trackTopTags(params);
                default -> new Answer(400, error(3, "Invalid Method - No method with that name in this package"));
            };
            send(exchange, answer.status(), answer.body());
        }
    }

    private record Answer(int status, String body) {}

    private Fault nextFault(String method) {
        Deque<Fault> queue = faults.get(method);
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.poll();
        }
    }

    private Answer recentTracks(Map<String, String> params) {
        String user = params.get("user");
        if (user == null || user.isBlank()) {
            return new Answer(400, error(6, "Invalid parameters - Your request is missing a required parameter"));
        }
        List<Scrobble> all = scrobbles.get(user);
        if (all == null) {
            return new Answer(400, error(6, "User not found"));
        }
        int limit;
        int page;
        long from;
        long to;
        try {
            limit = Math.min(MAX_LIMIT, Math.max(1, Integer.parseInt(params.getOrDefault("limit", "50"))));
            page = Math.max(1, Integer.parseInt(params.getOrDefault("page", "1")));
            from = Long.parseLong(params.getOrDefault("from", "0"));
            to = Long.parseLong(params.getOrDefault("to", Long.toString(Long.MAX_VALUE)));
        } catch (NumberFormatException e) {
            return new Answer(400, error(6, "Invalid parameters - " + e.getMessage()));
        }
        List<Scrobble> range = all.stream().filter(s -> s.uts() >= from && s.uts() <= to)
                .sorted(Comparator.comparingLong(Scrobble::uts).reversed()).toList();
        int total = range.size();
        int totalPages = (total + limit - 1) / limit;
        StringBuilder xml = new StringBuilder(ok());
        xml.append("<recenttracks user=\"").append(escape(user)).append("\" page=\"").append(page)
                .append("\" perPage=\"").append(limit).append("\" totalPages=\"").append(totalPages)
                .append("\" total=\"").append(total).append("\">\n");
        Scrobble playing = nowPlaying.get(user);
        if (playing != null && page == 1) {
            appendTrack(xml, playing, true);
        }
        for (int i = (page - 1) * limit; i < Math.min(total, page * limit); i++) {
            appendTrack(xml, range.get(i), false);
        }
        xml.append("</recenttracks>\n</lfm>\n");
        return new Answer(200, xml.toString());
    }

    private static void appendTrack(StringBuilder xml, Scrobble s, boolean nowPlaying) {
        xml.append(nowPlaying ? "  <track nowplaying=\"true\">\n" : "  <track>\n")
                .append("    <artist mbid=\"\">").append(escape(s.artist())).append("</artist>\n")
                .append("    <name>").append(escape(s.track())).append("</name>\n")
                .append("    <streamable>0</streamable>\n")
                .append("    <mbid></mbid>\n")
                .append("    <album mbid=\"\">").append(escape(s.album() == null ? "" : s.album()))
                .append("</album>\n")
                .append("    <url>https://www.last.fm/music/").append(escape(urlPart(s.artist()))).append("/_/")
                .append(escape(urlPart(s.track()))).append("</url>\n")
                .append("    <image size=\"small\"></image>\n");
        if (!nowPlaying) {
            xml.append("    <date uts=\"").append(s.uts()).append("\">")
                    .append(java.time.format.DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm", Locale.ROOT)
                            .format(Instant.ofEpochSecond(s.uts()).atZone(java.time.ZoneOffset.UTC)))
                    .append("</date>\n");
        }
        xml.append("  </track>\n");
    }

    private Answer artistTopTags(Map<String, String> params) {
        String artist = params.get("artist");
        if (artist == null || artist.isBlank()) {
            return new Answer(400, error(6, "Invalid parameters - Your request is missing a required parameter"));
        }
        Map<String, Integer> tags = artistTags.get(lookupKey(artist));
        if (tags == null) {
            return new Answer(400, error(6, "The artist you supplied could not be found"));
        }
        return new Answer(200, topTags("artist=\"" + escape(artist) + "\"", tags));
    }

    private Answer trackTopTags(Map<String, String> params) {
        String artist = params.get("artist");
        String track = params.get("track");
        if (artist == null || artist.isBlank() || track == null || track.isBlank()) {
            return new Answer(400, error(6, "Invalid parameters - Your request is missing a required parameter"));
        }
        Map<String, Integer> tags = trackTags.get(lookupKey(artist) + "\u001f" + lookupKey(track));
        if (tags == null) {
            return new Answer(400, error(6, "Track not found"));
        }
        return new Answer(200, topTags("artist=\"" + escape(artist) + "\" track=\"" + escape(track) + "\"", tags));
    }

    private static String topTags(String attributes, Map<String, Integer> tags) {
        StringBuilder xml = new StringBuilder(ok()).append("<toptags ").append(attributes).append(">\n");
        tags.forEach((name, count) -> xml.append("  <tag>\n    <name>").append(escape(name)).append("</name>\n")
                .append("    <count>").append(count).append("</count>\n")
                .append("    <url>https://www.last.fm/tag/").append(escape(urlPart(name))).append("</url>\n")
                .append("  </tag>\n"));
        return xml.append("</toptags>\n</lfm>\n").toString();
    }

    /** Last.fm matches names without regard to case (autocorrect aside). */
    private static String lookupKey(String name) {
        return name.trim().toLowerCase(Locale.ROOT);
    }

    private static String ok() {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<lfm status=\"ok\">\n";
    }

    private static String error(int code, String message) {
        return "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<lfm status=\"failed\">\n<error code=\"" + code + "\">"
                + escape(message) + "</error>\n</lfm>\n";
    }

    private static void send(HttpExchange exchange, int status, String body) throws IOException {
        send(exchange, status, "text/xml; charset=utf-8", body);
    }

    private static void send(HttpExchange exchange, int status, String contentType, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", contentType);
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static void parseForm(String form, Map<String, String> into) {
        if (form == null || form.isEmpty()) {
            return;
        }
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            String key = eq < 0 ? pair : pair.substring(0, eq);
            String value = eq < 0 ? "" : pair.substring(eq + 1);
            into.put(URLDecoder.decode(key, StandardCharsets.UTF_8), URLDecoder.decode(value, StandardCharsets.UTF_8));
        }
    }

    private static String urlPart(String name) {
        return java.net.URLEncoder.encode(name, StandardCharsets.UTF_8);
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** All known users, for the demo. */
    public List<String> users() {
        return new ArrayList<>(scrobbles.keySet());
    }

    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            server.stop(0);
            ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
        }
    }
}
