package io.tastestream.ingest.spotify.auth;

import io.tastestream.ingest.spotify.SpotifySettings;
import java.net.URI;
import se.michaelthelin.spotify.SpotifyApi;

/** Builds spotify-web-api-java clients pointed at the configured API and accounts service. */
public final class SpotifyApis {
    private final SpotifySettings settings;
    private final RoutingHttpManager http;

    public SpotifyApis(SpotifySettings settings) {
        this.settings = settings;
        this.http = new RoutingHttpManager(settings.accountsUrl(), settings.requestTimeout());
    }

    public SpotifySettings settings() {
        return settings;
    }

    /** A client without user tokens: for the login exchange. */
    public SpotifyApi anonymous() {
        return base().build();
    }

    /** A client acting for one user. */
    public SpotifyApi forToken(SpotifyToken token) {
        return base().setAccessToken(token.accessToken()).setRefreshToken(token.refreshToken()).build();
    }

    private SpotifyApi.Builder base() {
        URI api = settings.apiUrl();
        int port = api.getPort() > 0 ? api.getPort() : "http".equals(api.getScheme()) ? 80 : 443;
        return SpotifyApi.builder().setHttpManager(http).setScheme(api.getScheme()).setHost(api.getHost())
                .setPort(port).setClientId(settings.clientId()).setRedirectUri(settings.redirectUri());
    }
}
