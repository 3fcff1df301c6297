package io.tastestream.ingest.spotify.auth;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.apache.hc.core5.http.ParseException;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;
import se.michaelthelin.spotify.model_objects.credentials.AuthorizationCodeCredentials;

/**
 * Keeps a user's access token fresh: refreshes (PKCE refresh grant, no client secret) when it expires within the
 * margin, stores the result, and turns a refused refresh into {@link ReloginRequiredException}.
 */
public final class TokenRefresher {
    /** Refresh this long before expiry, so a poll never starts with a token about to run out. */
    public static final Duration MARGIN = Duration.ofMinutes(5);

    private final SpotifyApis apis;
    private final TokenStore store;
    private final Clock clock;

    public TokenRefresher(SpotifyApis apis, TokenStore store, Clock clock) {
        this.apis = apis;
        this.store = store;
        this.clock = clock;
    }

    /** The stored token, refreshed first when it expires within {@link #MARGIN}. */
    public SpotifyToken current(String user) throws IOException, SpotifyWebApiException, ReloginRequiredException {
        SpotifyToken token = store.load(user).orElseThrow(() -> new ReloginRequiredException(user, "no token stored"));
        return token.expiresWithin(MARGIN, clock.instant()) ? refresh(user, token) : token;
    }

    /** Refreshes now (also after a 401 on a token that should still be valid). */
    public SpotifyToken refresh(String user, SpotifyToken token)
            throws IOException, SpotifyWebApiException, ReloginRequiredException {
        if (token.refreshToken() == null) {
            throw new ReloginRequiredException(user, "no refresh token stored");
        }
        Instant asked = clock.instant();
        AuthorizationCodeCredentials c;
        try {
            c = apis.anonymous().authorizationCodePKCERefresh(apis.settings().clientId(), token.refreshToken())
                    .build().execute();
        } catch (BadRequestException | UnauthorizedException e) {
            // 400 invalid_grant: revoked or expired refresh token (they expire now); 401/400 invalid_client: the
            // app itself is refused. Either way no retry can help this user.
            throw new ReloginRequiredException(user, "refresh refused: " + e.getMessage());
        } catch (ParseException | RuntimeException e) {
            throw new IOException("malformed token response from " + apis.settings().accountsUrl() + " ("
                    + e.getClass().getSimpleName() + ")");
        }
        if (c.getAccessToken() == null || c.getExpiresIn() == null) {
            throw new IOException("token response without access_token or expires_in from "
                    + apis.settings().accountsUrl());
        }
        SpotifyToken fresh = token.refreshed(c.getAccessToken(), c.getRefreshToken(),
                asked.plusSeconds(c.getExpiresIn()), c.getScope());
        store.save(user, fresh);
        return fresh;
    }
}
