package io.tastestream.ingest.fake.spotify;

/**
 * A failure the fake answers instead of the next recently-played request of an account, in the shapes Spotify
 * uses: an HTTP error with Spotify's error object (429 with {@code Retry-After}, 5xx, 401), a malformed body, or a
 * slow answer (to provoke client timeouts).
 */
public record FakeFault(int status, int retryAfterSeconds, boolean malformed, long delayMillis) {

    public static FakeFault tooManyRequests(int retryAfterSeconds) {
        return new FakeFault(429, retryAfterSeconds, false, 0);
    }

    public static FakeFault serverError(int status) {
        return new FakeFault(status, 0, false, 0);
    }

    /** A 401 "The access token expired" although the token's lifetime has not run out (Spotify does this). */
    public static FakeFault tokenExpired() {
        return new FakeFault(401, 0, false, 0);
    }

    /** 200 with a body that is not JSON. */
    public static FakeFault malformedBody() {
        return new FakeFault(200, 0, true, 0);
    }

    /** Answers normally, but only after this long. */
    public static FakeFault slow(long delayMillis) {
        return new FakeFault(0, 0, false, delayMillis);
    }
}
