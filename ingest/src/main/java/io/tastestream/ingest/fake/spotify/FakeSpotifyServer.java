package io.tastestream.ingest.fake.spotify;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A local stand-in for Spotify's accounts service and Web API, for tests and the demo's simulated mode. One HTTP
 * server (JDK {@code com.sun.net.httpserver}) on the loopback interface answers:
 * <ul>
 *   <li>{@code GET /authorize}: authorization-code flow with PKCE; approves at once for the "logged-in" account
 *       ({@link #authorizeAs}) and redirects to {@code redirect_uri?code=...&state=...}</li>
 *   <li>{@code POST /api/token}: {@code grant_type=authorization_code} (checks the PKCE {@code code_verifier}
 *       against the challenge) and {@code grant_type=refresh_token}; refused grants answer
 *       {@code 400 {"error":"invalid_grant",...}} as Spotify does</li>
 *   <li>{@code GET /v1/me/player/recently-played?limit=&after=|before=}: the documented shape (items[].track with
 *       name, artists[{name,id}], album{name}, duration_ms, id, uri; items[].played_at; cursors{after,before};
 *       next), newest first, and like Spotify only the last 50 plays of an account are visible</li>
 * </ul>
 * Errors in Spotify's shapes: 401 for a missing, unknown or expired token, and whatever {@link FakeFault}s a test
 * queues (429 with Retry-After, 5xx, malformed body, slow answers).
 *
 * <pre>{@code
 * try (FakeSpotifyServer spotify = FakeSpotifyServer.start()) {
 *     spotify.account("alice").play(FakeTrack.of("Mogwai", "Auto Rock"), Instant.now());
 *     // spotify.accountsUrl() and spotify.apiUrl() go into spotify.accounts-url / spotify.api-url
 * }
 * }</pre>
 */
public final class FakeSpotifyServer implements AutoCloseable {
    /** Spotify's recently-played endpoint returns at most this many plays, however far back one asks. */
    public static final int VISIBLE_PLAYS = 50;
    public static final String DEFAULT_CLIENT_ID = "tastestream-fake-client";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter PLAYED_AT = DateTimeFormatter.ISO_INSTANT;

    private final HttpServer server;
    private final ExecutorService executor;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, FakeAccount> accounts = new ConcurrentHashMap<>();
    private final Map<String, PendingCode> codes = new ConcurrentHashMap<>();
    private final Map<String, AccessToken> accessTokens = new ConcurrentHashMap<>();
    private final Map<String, String> refreshTokens = new ConcurrentHashMap<>(); // token → account
    private final AtomicInteger tokenRequests = new AtomicInteger();
    private volatile String clientId = DEFAULT_CLIENT_ID;
    private volatile String authorizingAccount;
    private volatile Duration tokenLifetime = Duration.ofHours(1);
    private volatile int visiblePlays = VISIBLE_PLAYS;

    private FakeSpotifyServer(HttpServer server, ExecutorService executor) {
        this.server = server;
        this.executor = executor;
    }

    /** On a free loopback port. */
    public static FakeSpotifyServer start() throws IOException {
        return start(0);
    }

    public static FakeSpotifyServer start(int port) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
        ExecutorService executor = Executors.newFixedThreadPool(8, r -> {
            Thread t = new Thread(r, "fake-spotify");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        FakeSpotifyServer fake = new FakeSpotifyServer(server, executor);
        server.createContext("/authorize", fake::authorize);
        server.createContext("/api/token", fake::token);
        server.createContext("/v1/me/player/recently-played", fake::recentlyPlayed);
        server.start();
        return fake;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    /** For {@code spotify.accounts-url}. */
    public String accountsUrl() {
        return baseUrl();
    }

    /** For {@code spotify.api-url}. */
    public String apiUrl() {
        return baseUrl();
    }

    public String clientId() {
        return clientId;
    }

    public FakeSpotifyServer withClientId(String id) {
        this.clientId = id;
        return this;
    }

    /** Lifetime of newly issued access tokens (Spotify: one hour). */
    public FakeSpotifyServer withTokenLifetime(Duration lifetime) {
        this.tokenLifetime = lifetime;
        return this;
    }

    /**
     * How many of an account's latest plays the endpoint shows (Spotify: 50). More lets a test about something
     * else (crash safety) run without losing plays to that limit.
     */
    public FakeSpotifyServer withVisiblePlays(int plays) {
        this.visiblePlays = plays;
        return this;
    }

    /** The Spotify account that the next {@code /authorize} approves (the one "logged in" in the browser). */
    public void authorizeAs(String account) {
        this.authorizingAccount = account;
        account(account);
    }

    /** The account with this name, created when new. */
    public FakeAccount account(String name) {
        return accounts.computeIfAbsent(name, FakeAccount::new);
    }

    /**
     * Issues tokens for an account without the browser dance, as if it had logged in; for tests and the demo.
     * Returns the token response body as Spotify sends it.
     */
    public Map<String, Object> issueTokens(String account) {
        account(account);
        return tokenResponse(account, newRefreshToken(account));
    }

    /** Makes every access token of the account expired now (the next API call answers 401). */
    public void expireAccessTokens(String account) {
        accessTokens.replaceAll((t, a) -> a.account.equals(account) ? new AccessToken(account, Instant.EPOCH) : a);
    }

    /** Revokes the account's refresh tokens: the next refresh answers {@code invalid_grant}. */
    public void revokeRefreshTokens(String account) {
        refreshTokens.values().removeIf(account::equals);
    }

    public int tokenRequests() {
        return tokenRequests.get();
    }

    // ---- accounts service ------------------------------------------------------------------------------------

    private void authorize(HttpExchange ex) throws IOException {
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        String redirect = q.get("redirect_uri");
        if (!"GET".equals(ex.getRequestMethod()) || redirect == null) {
            sendText(ex, 400, "INVALID_CLIENT: Invalid redirect URI");
            return;
        }
        if (!clientId.equals(q.get("client_id"))) {
            sendText(ex, 400, "INVALID_CLIENT: Invalid client");
            return;
        }
        String account = q.getOrDefault("fake_account", authorizingAccount);
        String state = q.get("state");
        String location;
        if (account == null) {
            location = redirect + "?error=access_denied" + (state == null ? "" : "&state=" + enc(state));
        } else if (!"code".equals(q.get("response_type")) || !"S256".equals(q.get("code_challenge_method"))
                || q.get("code_challenge") == null) {
            location = redirect + "?error=invalid_request" + (state == null ? "" : "&state=" + enc(state));
        } else {
            String code = randomToken(32);
            codes.put(code, new PendingCode(account, redirect, q.get("code_challenge"), q.get("client_id")));
            location = redirect + "?code=" + enc(code) + (state == null ? "" : "&state=" + enc(state));
        }
        ex.getResponseHeaders().add("Location", location);
        ex.sendResponseHeaders(302, -1);
        ex.close();
    }

    private void token(HttpExchange ex) throws IOException {
        tokenRequests.incrementAndGet();
        if (!"POST".equals(ex.getRequestMethod())) {
            sendJson(ex, 405, Map.of("error", "invalid_request", "error_description", "POST only"));
            return;
        }
        Map<String, String> form = query(new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        String client = form.get("client_id");
        String basic = ex.getRequestHeaders().getFirst("Authorization");
        if (client == null && basic != null && basic.startsWith("Basic ")) {
            String decoded = new String(Base64.getDecoder().decode(basic.substring(6)), StandardCharsets.UTF_8);
            client = decoded.contains(":") ? decoded.substring(0, decoded.indexOf(':')) : decoded;
        }
        if (!clientId.equals(client)) {
            sendJson(ex, 400, Map.of("error", "invalid_client", "error_description", "Invalid client"));
            return;
        }
        switch (String.valueOf(form.get("grant_type"))) {
            case "authorization_code" -> {
                PendingCode pending = form.get("code") == null ? null : codes.remove(form.get("code"));
                if (pending == null) {
                    invalidGrant(ex, "Invalid authorization code");
                } else if (!pending.redirectUri.equals(form.get("redirect_uri"))) {
                    invalidGrant(ex, "Invalid redirect URI");
                } else if (form.get("code_verifier") == null
                        || !s256(form.get("code_verifier")).equals(pending.challenge)) {
                    invalidGrant(ex, "code_verifier was incorrect");
                } else {
                    sendJson(ex, 200, tokenResponse(pending.account, newRefreshToken(pending.account)));
                }
            }
            case "refresh_token" -> {
                String account = form.get("refresh_token") == null ? null : refreshTokens.get(form.get("refresh_token"));
                if (account == null) {
                    invalidGrant(ex, "Refresh token revoked");
                } else {
                    Map<String, Object> body = tokenResponse(account, null);
                    sendJson(ex, 200, body);
                }
            }
            default -> sendJson(ex, 400, Map.of("error", "unsupported_grant_type",
                    "error_description", "grant_type must be authorization_code or refresh_token"));
        }
    }

    private void invalidGrant(HttpExchange ex, String description) throws IOException {
        sendJson(ex, 400, Map.of("error", "invalid_grant", "error_description", description));
    }

    private String newRefreshToken(String account) {
        String refresh = randomToken(48);
        refreshTokens.put(refresh, account);
        return refresh;
    }

    private Map<String, Object> tokenResponse(String account, String refreshToken) {
        String access = randomToken(48);
        accessTokens.put(access, new AccessToken(account, Instant.now().plus(tokenLifetime)));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("access_token", access);
        body.put("token_type", "Bearer");
        body.put("scope", "user-read-recently-played");
        body.put("expires_in", tokenLifetime.toSeconds());
        if (refreshToken != null) {
            body.put("refresh_token", refreshToken);
        }
        return body;
    }

    // ---- Web API ---------------------------------------------------------------------------------------------

    private void recentlyPlayed(HttpExchange ex) throws IOException {
        String auth = ex.getRequestHeaders().getFirst("Authorization");
        if (auth == null || !auth.startsWith("Bearer ")) {
            apiError(ex, 401, "No token provided");
            return;
        }
        AccessToken token = accessTokens.get(auth.substring(7));
        if (token == null) {
            apiError(ex, 401, "Invalid access token");
            return;
        }
        if (token.expiresAt.isBefore(Instant.now())) {
            apiError(ex, 401, "The access token expired");
            return;
        }
        FakeAccount account = account(token.account);
        account.requests.incrementAndGet();
        FakeFault fault = account.nextFault();
        if (fault != null) {
            if (fault.delayMillis() > 0) {
                sleep(fault.delayMillis());
            } else if (fault.malformed()) {
                sendRaw(ex, 200, "application/json", "{\"items\":[{\"track\":".getBytes(StandardCharsets.UTF_8));
                return;
            } else if (fault.status() == 429) {
                ex.getResponseHeaders().add("Retry-After", Integer.toString(fault.retryAfterSeconds()));
                apiError(ex, 429, "API rate limit exceeded");
                return;
            } else if (fault.status() == 401) {
                apiError(ex, 401, "The access token expired");
                return;
            } else if (fault.status() >= 400) {
                apiError(ex, fault.status(), fault.status() == 503 ? "Service unavailable" : "Server error");
                return;
            }
        }
        Map<String, String> q = query(ex.getRequestURI().getRawQuery());
        int limit;
        Long after;
        Long before;
        try {
            limit = q.containsKey("limit") ? Integer.parseInt(q.get("limit")) : 20;
            after = q.containsKey("after") ? Long.parseLong(q.get("after")) : null;
            before = q.containsKey("before") ? Long.parseLong(q.get("before")) : null;
        } catch (NumberFormatException e) {
            apiError(ex, 400, "Invalid limit, after or before: must be a number (after/before: Unix ms)");
            return;
        }
        if (limit < 1 || limit > 50 || (after != null && before != null)) {
            apiError(ex, 400, limit < 1 || limit > 50 ? "Invalid limit" : "Only one of after and before");
            return;
        }
        List<FakePlay> visible = account.visiblePlays(visiblePlays);
        List<FakePlay> page;
        boolean more;
        if (after != null) {
            long a = after;
            List<FakePlay> newer = visible.stream().filter(p -> p.playedAt().toEpochMilli() > a).toList();
            page = newer.subList(0, Math.min(limit, newer.size())); // the oldest ones first, so paging goes forward
            more = newer.size() > limit;
        } else {
            long b = before == null ? Long.MAX_VALUE : before;
            List<FakePlay> older = visible.stream().filter(p -> p.playedAt().toEpochMilli() < b).toList();
            page = older.subList(Math.max(0, older.size() - limit), older.size());
            more = older.size() > limit;
        }
        List<FakePlay> newestFirst = new ArrayList<>(page);
        newestFirst.sort(Comparator.comparing(FakePlay::playedAt).reversed());
        sendJson(ex, 200, recentlyPlayedBody(newestFirst, limit, after != null, more));
    }

    private ObjectNode recentlyPlayedBody(List<FakePlay> newestFirst, int limit, boolean forward, boolean more) {
        String base = baseUrl() + "/v1/me/player/recently-played";
        ObjectNode body = NODES.objectNode();
        ArrayNode items = body.putArray("items");
        for (FakePlay p : newestFirst) {
            ObjectNode item = items.addObject();
            ObjectNode track = item.putObject("track");
            FakeTrack t = p.track();
            ObjectNode album = track.putObject("album");
            album.put("album_type", "album");
            album.put("id", t.albumId());
            album.put("name", t.album());
            album.put("type", "album");
            album.put("uri", "spotify:album:" + t.albumId());
            ArrayNode artists = track.putArray("artists");
            ObjectNode artist = artists.addObject();
            artist.put("id", t.artistId());
            artist.put("name", t.artist());
            artist.put("type", "artist");
            artist.put("uri", "spotify:artist:" + t.artistId());
            track.put("duration_ms", t.durationMs());
            track.put("explicit", false);
            track.put("id", t.trackId());
            track.put("name", t.track());
            track.put("type", "track");
            track.put("uri", t.uri());
            item.put("played_at", PLAYED_AT.format(p.playedAt()));
            item.putNull("context");
        }
        body.put("limit", limit);
        body.put("href", base + "?limit=" + limit);
        if (newestFirst.isEmpty()) {
            body.putNull("cursors");
            body.putNull("next");
        } else {
            long newest = newestFirst.get(0).playedAt().toEpochMilli();
            long oldest = newestFirst.get(newestFirst.size() - 1).playedAt().toEpochMilli();
            ObjectNode cursors = body.putObject("cursors");
            cursors.put("after", Long.toString(newest));
            cursors.put("before", Long.toString(oldest));
            body.put("next", !more ? null : forward ? base + "?after=" + newest + "&limit=" + limit
                    : base + "?before=" + oldest + "&limit=" + limit);
        }
        return body;
    }

    private void apiError(HttpExchange ex, int status, String message) throws IOException {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("status", status);
        error.put("message", message);
        sendJson(ex, status, Map.of("error", error));
    }

    // ---- plumbing --------------------------------------------------------------------------------------------

    private static void sendJson(HttpExchange ex, int status, Object body) throws IOException {
        sendRaw(ex, status, "application/json; charset=utf-8", JSON.writeValueAsBytes(body));
    }

    private static void sendText(HttpExchange ex, int status, String text) throws IOException {
        sendRaw(ex, status, "text/plain; charset=utf-8", text.getBytes(StandardCharsets.UTF_8));
    }

    private static void sendRaw(HttpExchange ex, int status, String contentType, byte[] body) throws IOException {
        ex.getResponseHeaders().set("Content-Type", contentType);
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        }
    }

    static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw == null || raw.isEmpty()) {
            return q;
        }
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String v = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            q.put(k, v);
        }
        return q;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    static String s256(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private String randomToken(int bytes) {
        byte[] b = new byte[bytes];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private record PendingCode(String account, String redirectUri, String challenge, String clientId) {
    }

    private record AccessToken(String account, Instant expiresAt) {
    }

    /** A play in an account's history. */
    public record FakePlay(FakeTrack track, Instant playedAt) {
    }

    /** One Spotify account: its listening history (the script tests append to) and queued faults. */
    public static final class FakeAccount {
        private final String name;
        private final List<FakePlay> plays = new ArrayList<>();
        private final Deque<FakeFault> faults = new ArrayDeque<>();
        private final AtomicInteger requests = new AtomicInteger();

        FakeAccount(String name) {
            this.name = name;
        }

        public String name() {
            return name;
        }

        /** Appends a play that ended at {@code playedAt}. */
        public synchronized FakeAccount play(FakeTrack track, Instant playedAt) {
            plays.add(new FakePlay(track, playedAt));
            plays.sort(Comparator.comparing(FakePlay::playedAt));
            return this;
        }

        /** Every play ever appended, oldest first (what a perfect poller would have seen). */
        public synchronized List<FakePlay> history() {
            return List.copyOf(plays);
        }

        synchronized List<FakePlay> visiblePlays(int window) {
            return List.copyOf(plays.subList(Math.max(0, plays.size() - window), plays.size()));
        }

        /** Queues faults for the next recently-played requests of this account, in order. */
        public synchronized FakeAccount fail(FakeFault... next) {
            faults.addAll(List.of(next));
            return this;
        }

        synchronized FakeFault nextFault() {
            return faults.poll();
        }

        public synchronized int pendingFaults() {
            return faults.size();
        }

        /** Recently-played requests answered for this account (with a valid token), faults included. */
        public int requests() {
            return requests.get();
        }
    }

    /** For the demo and manual trials: {@code java ... FakeSpotifyServer [PORT]}. */
    public static void main(String[] args) throws Exception {
        FakeSpotifyServer fake = start(args.length > 0 ? Integer.parseInt(args[0]) : 0);
        System.out.println("fake Spotify on " + fake.baseUrl() + " (client id " + fake.clientId() + ")");
        Thread.currentThread().join();
    }

    static URI uri(String s) {
        return URI.create(s);
    }
}
