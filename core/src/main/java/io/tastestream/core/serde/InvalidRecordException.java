package io.tastestream.core.serde;

/** A record that cannot be read or is not valid. The message says which record type and what is wrong. */
public class InvalidRecordException extends RuntimeException {
    public InvalidRecordException(String message) {
        super(message);
    }

    public InvalidRecordException(String message, Throwable cause) {
        super(message, cause);
    }
}
