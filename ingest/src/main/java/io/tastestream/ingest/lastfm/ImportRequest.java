package io.tastestream.ingest.lastfm;

import java.time.Instant;

/**
 * What to import.
 *
 * @param lastfmUser  the Last.fm user name
 * @param userId      the tastestream user id the plays are filed under (key of the plays topic)
 * @param from        first scrobble time to import, inclusive; null = where the last completed import ended, or
 *                    the beginning
 * @param to          last scrobble time, inclusive; null = now (fixed when the import starts)
 * @param restart     ignore stored progress and start the window afresh
 * @param maxAttempts attempts per page before giving up (rate-limit answers do not count)
 * @param backoff     waits between attempts
 */
public record ImportRequest(String lastfmUser, String userId, Instant from, Instant to, boolean restart,
                            int maxAttempts, Backoff backoff) {

    public static ImportRequest of(String lastfmUser) {
        return new ImportRequest(lastfmUser, lastfmUser, null, null, false, 5, Backoff.standard());
    }

    public ImportRequest withUserId(String id) {
        return new ImportRequest(lastfmUser, id, from, to, restart, maxAttempts, backoff);
    }

    public ImportRequest withWindow(Instant newFrom, Instant newTo) {
        return new ImportRequest(lastfmUser, userId, newFrom, newTo, restart, maxAttempts, backoff);
    }

    public ImportRequest withRestart(boolean r) {
        return new ImportRequest(lastfmUser, userId, from, to, r, maxAttempts, backoff);
    }

    public ImportRequest withRetries(int attempts, Backoff b) {
        return new ImportRequest(lastfmUser, userId, from, to, restart, attempts, b);
    }
}
