package io.tastestream.ingest.spotify;

import io.tastestream.core.config.TastestreamConfig;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;

/**
 * The Spotify settings, read once from the configuration.
 *
 * @param clientId      the app's client id (PKCE needs no secret)
 * @param apiUrl        Web API base, {@code https://api.spotify.com} or a fake
 * @param accountsUrl   accounts service base, {@code https://accounts.spotify.com} or a fake
 * @param redirectUri   where Spotify sends the browser after login: a loopback address registered in the app
 * @param pollInterval  time between two polls of one user
 * @param dataDir       tokens under {@code spotify/tokens}, poll state under {@code spotify/poll}
 */
public record SpotifySettings(String clientId, URI apiUrl, URI accountsUrl, URI redirectUri, Duration pollInterval,
                              Duration requestTimeout, Path dataDir) {
    public static final String CLIENT_ID = "spotify.client-id";
    public static final String API_URL = "spotify.api-url";
    public static final String ACCOUNTS_URL = "spotify.accounts-url";
    public static final String REDIRECT_URI = "spotify.redirect-uri";
    public static final String POLL_INTERVAL = "spotify.poll-interval";

    public static SpotifySettings from(TastestreamConfig config) {
        return new SpotifySettings(config.get(CLIENT_ID), URI.create(config.get(API_URL)),
                URI.create(config.get(ACCOUNTS_URL)), URI.create(config.get(REDIRECT_URI)),
                config.getDuration(POLL_INTERVAL), Duration.ofSeconds(20),
                config.getPath(TastestreamConfig.DATA_DIR));
    }

    public SpotifySettings withPollInterval(Duration interval) {
        return new SpotifySettings(clientId, apiUrl, accountsUrl, redirectUri, interval, requestTimeout, dataDir);
    }

    public SpotifySettings withRequestTimeout(Duration timeout) {
        return new SpotifySettings(clientId, apiUrl, accountsUrl, redirectUri, pollInterval, timeout, dataDir);
    }

    /** Refuses to start without a client id, with what to do about it. */
    public String requireClientId() {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("no Spotify client id: create an app on "
                    + "https://developer.spotify.com/dashboard (redirect URI " + redirectUri + ") and set "
                    + CLIENT_ID + " (or TASTESTREAM_SPOTIFY_CLIENT_ID)");
        }
        return clientId;
    }
}
