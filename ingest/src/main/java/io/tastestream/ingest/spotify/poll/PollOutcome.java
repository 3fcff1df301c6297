package io.tastestream.ingest.spotify.poll;

import java.time.Duration;

/**
 * How one poll of one user went.
 *
 * @param plays       plays newly acknowledged by Kafka (recovered ones included)
 * @param retryAfter  for THROTTLED: Spotify's Retry-After
 * @param errorKind   for FAILED: throttled, server, timeout, network, malformed, kafka, auth, request
 * @param message     for the log; never holds a token
 */
public record PollOutcome(Status status, int plays, boolean possibleGap, Duration retryAfter, String errorKind,
                          String message) {

    public enum Status { INGESTED, THROTTLED, FAILED, NEEDS_LOGIN }

    static PollOutcome ingested(int plays, boolean possibleGap) {
        return new PollOutcome(Status.INGESTED, plays, possibleGap, null, null, null);
    }

    static PollOutcome throttled(Duration retryAfter) {
        return new PollOutcome(Status.THROTTLED, 0, false, retryAfter, "throttled", "429, retry after "
                + retryAfter.toSeconds() + " s");
    }

    static PollOutcome failed(String kind, String message) {
        return new PollOutcome(Status.FAILED, 0, false, null, kind, message);
    }

    static PollOutcome needsLogin(String message) {
        return new PollOutcome(Status.NEEDS_LOGIN, 0, false, null, "auth", message);
    }
}
