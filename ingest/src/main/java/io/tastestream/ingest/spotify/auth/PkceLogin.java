package io.tastestream.ingest.spotify.auth;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.model_objects.credentials.AuthorizationCodeCredentials;

/**
 * One Spotify login with the authorization-code flow and PKCE (RFC 7636), no client secret:
 * {@link #begin()} listens on the redirect URI's loopback port and gives the authorise URL for the user's browser;
 * {@link #awaitToken(Duration)} waits for Spotify's redirect, checks {@code state}, exchanges the code with the
 * {@code code_verifier} and returns the token. The verifier, the code and the tokens are never printed.
 */
public final class PkceLogin implements AutoCloseable {
    public static final String SCOPE = "user-read-recently-played";
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SpotifyApis apis;
    private final Clock clock;
    private final String verifier = randomUrlSafe(64);
    private final String state = randomUrlSafe(16);
    private final CompletableFuture<String> code = new CompletableFuture<>();
    private HttpServer callback;

    public PkceLogin(SpotifyApis apis, Clock clock) {
        this.apis = apis;
        this.clock = clock;
    }

    /** Starts the loopback listener and returns the URL to open in a browser. */
    public URI begin() throws IOException {
        URI redirect = apis.settings().redirectUri();
        if (!"http".equals(redirect.getScheme()) || !isLoopback(redirect.getHost()) || redirect.getPort() <= 0) {
            throw new IllegalArgumentException("spotify.redirect-uri must be a loopback http address with a port, "
                    + "such as http://127.0.0.1:8888/callback; was " + redirect);
        }
        try {
            callback = HttpServer.create(new InetSocketAddress(InetAddress.getByName(redirect.getHost()),
                    redirect.getPort()), 4);
        } catch (java.net.BindException e) {
            throw new IOException("cannot listen on " + redirect.getHost() + ":" + redirect.getPort() + " for the "
                    + "login callback (port in use? change spotify.redirect-uri here and in the Spotify app)", e);
        }
        String path = redirect.getPath() == null || redirect.getPath().isEmpty() ? "/" : redirect.getPath();
        callback.createContext(path, ex -> {
            Map<String, String> q = query(ex.getRequestURI().getRawQuery());
            String page;
            int status;
            if (!state.equals(q.get("state"))) {
                status = 400;
                page = "This login link is not the one tastestream is waiting for (state mismatch).";
                // ignore: a stray or forged request must not end the login
            } else if (q.containsKey("error")) {
                status = 200;
                page = "Spotify did not grant access: " + q.get("error") + ". You can close this window.";
                code.completeExceptionally(new IOException("Spotify refused the login: " + q.get("error")));
            } else if (q.get("code") == null) {
                status = 400;
                page = "No authorization code in the callback.";
            } else {
                status = 200;
                page = "tastestream is connected to your Spotify account. You can close this window.";
                code.complete(q.get("code"));
            }
            byte[] body = ("<!doctype html><meta charset=utf-8><title>tastestream</title><p>" + page)
                    .getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            ex.sendResponseHeaders(status, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        callback.start();
        return authorizeUri();
    }

    URI authorizeUri() {
        SpotifyApi api = apis.anonymous();
        URI uri = api.authorizationCodePKCEUri(challenge(verifier)).state(state).scope(SCOPE).build().execute();
        // the library always names accounts.spotify.com; the configured accounts service may be another
        String base = apis.settings().accountsUrl().toString().replaceAll("/+$", "");
        return URI.create(base + uri.getRawPath() + "?" + uri.getRawQuery());
    }

    /** Waits for the browser's redirect, then exchanges the code. */
    public SpotifyToken awaitToken(Duration timeout) throws IOException, SpotifyWebApiException, TimeoutException {
        String authCode;
        try {
            authCode = code.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while waiting for the login");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof IOException io ? io : new IOException(e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new TimeoutException("no login within " + timeout.toSeconds() + " s");
        }
        Instant asked = clock.instant();
        AuthorizationCodeCredentials c;
        try {
            c = apis.anonymous().authorizationCodePKCE(authCode, verifier).build().execute();
        } catch (ParseException | RuntimeException e) {
            throw new IOException("malformed token response from " + apis.settings().accountsUrl());
        }
        return new SpotifyToken(c.getAccessToken(), c.getRefreshToken(), asked.plusSeconds(c.getExpiresIn()),
                c.getScope());
    }

    @Override
    public void close() {
        if (callback != null) {
            callback.stop(0);
        }
    }

    static String challenge(String verifier) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JVM", e);
        }
    }

    /** RFC 7636: 43-128 characters of [A-Z a-z 0-9 - . _ ~]; base64url of 64 random bytes gives 86. */
    private static String randomUrlSafe(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }

    private static boolean isLoopback(String host) {
        return "127.0.0.1".equals(host) || "localhost".equals(host) || "[::1]".equals(host);
    }

    private static Map<String, String> query(String raw) {
        Map<String, String> q = new HashMap<>();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    q.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                            URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return q;
    }
}
