package io.tastestream.ingest.spotify.auth;

import java.time.Duration;
import java.time.Instant;

/**
 * A user's Spotify tokens. {@link #toString()} masks them: a token must never reach a log or an exception message.
 *
 * @param expiresAt when the access token stops working
 */
public record SpotifyToken(String accessToken, String refreshToken, Instant expiresAt, String scope) {

    public SpotifyToken {
        if (accessToken == null || accessToken.isBlank()) {
            throw new IllegalArgumentException("access token missing");
        }
        if (expiresAt == null) {
            throw new IllegalArgumentException("expiry missing");
        }
    }

    /** True when the access token expires within {@code margin} of {@code now}: refresh before it is refused. */
    public boolean expiresWithin(Duration margin, Instant now) {
        return !expiresAt.isAfter(now.plus(margin));
    }

    /** After a refresh: Spotify may or may not send a new refresh token; without one the old one stays valid. */
    public SpotifyToken refreshed(String newAccessToken, String newRefreshToken, Instant newExpiry, String newScope) {
        return new SpotifyToken(newAccessToken, newRefreshToken != null ? newRefreshToken : refreshToken, newExpiry,
                newScope != null ? newScope : scope);
    }

    @Override
    public String toString() {
        return "SpotifyToken[access=****, refresh=" + (refreshToken == null ? "none" : "****") + ", expiresAt="
                + expiresAt + ", scope=" + scope + "]";
    }
}
