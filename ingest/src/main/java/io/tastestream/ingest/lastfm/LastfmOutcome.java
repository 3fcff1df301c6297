package io.tastestream.ingest.lastfm;

/**
 * What a Last.fm call gave: a value, or a classified failure that says what to do next.
 *
 * @param errorCode Last.fm's error code (6, 29, …), 0 when the failure was not a Last.fm error answer
 * @param httpStatus the HTTP status when the failure was an HTTP error without a Last.fm body, else 0
 */
public record LastfmOutcome<T>(T value, Kind kind, int errorCode, int httpStatus, String message) {

    public enum Kind {
        OK,
        /** Error 6: no such user, artist or track (or bad parameters). Retrying gives the same answer. */
        NOT_FOUND,
        /** Error 29 or HTTP 429: slow down, then try again. */
        RATE_LIMITED,
        /** 5xx, service offline (11), temporarily unavailable (16), operation failed (8), I/O, malformed body. */
        TRANSIENT,
        /** Invalid or suspended API key, private profile, …: retrying will not help; stop and tell the user. */
        FATAL
    }

    public static <T> LastfmOutcome<T> ok(T value) {
        return new LastfmOutcome<>(value, Kind.OK, 0, 0, null);
    }

    public static <T> LastfmOutcome<T> failed(Kind kind, int errorCode, int httpStatus, String message) {
        return new LastfmOutcome<>(null, kind, errorCode, httpStatus, message);
    }

    static <T> LastfmOutcome<T> fromFailedResult(int errorCode, int httpStatus, String message) {
        if (errorCode <= 0 && httpStatus > 0) {
            Kind kind = httpStatus == 429 ? Kind.RATE_LIMITED
                    : httpStatus >= 500 || httpStatus == 408 ? Kind.TRANSIENT : Kind.FATAL;
            return failed(kind, 0, httpStatus, "HTTP " + httpStatus + (message == null ? "" : " " + message));
        }
        Kind kind = switch (errorCode) {
            case 6, 7 -> Kind.NOT_FOUND;
            case 29 -> Kind.RATE_LIMITED;
            case 8, 11, 16 -> Kind.TRANSIENT;
            default -> Kind.FATAL;
        };
        return failed(kind, errorCode, 0, "Last.fm error " + errorCode + ": " + (message == null ? "" : message.trim()));
    }

    public boolean isOk() {
        return kind == Kind.OK;
    }

    /** A short label for metrics and summaries: "ok", "error-6", "http-503", "io". */
    public String label() {
        if (isOk()) {
            return "ok";
        }
        return errorCode != 0 ? "error-" + errorCode : httpStatus != 0 && httpStatus != 200 ? "http-" + httpStatus
                : httpStatus == 200 ? "malformed" : "io";
    }
}
