package io.tastestream.core.event;

import io.tastestream.core.serde.JsonCodec;
import java.time.Instant;

/**
 * A record a stage could not use, with why. Topic {@code dead-letters}, keyed like the original record.
 *
 * @param stage  which job refused it: taste-job, serving, ...
 * @param value  the original value as UTF-8 text (invalid bytes replaced), so a person can read and fix it
 * @param reason what was wrong, naming the field where known
 */
public record DeadLetter(int schemaVersion, String stage, String sourceTopic, int partition, long offset,
                         String key, String value, String reason, Instant at) {

    public static final int CURRENT_VERSION = 1;
    public static final JsonCodec<DeadLetter> SERDE = JsonCodec.of(DeadLetter.class);

    /** Header carrying the reason on the dead-letter record, for consumers that do not parse the value. */
    public static final String REASON_HEADER = "tastestream.reason";

    public DeadLetter {
        schemaVersion = Check.schemaVersion(schemaVersion, CURRENT_VERSION, "DeadLetter");
        Check.notBlank(stage, "stage");
        Check.notBlank(sourceTopic, "sourceTopic");
        Check.notBlank(reason, "reason");
        Check.notNull(at, "at");
    }

    public static DeadLetter of(String stage, String sourceTopic, int partition, long offset, byte[] key,
                                byte[] value, String reason, Instant at) {
        return new DeadLetter(CURRENT_VERSION, stage, sourceTopic, partition, offset, text(key), text(value),
                reason, at);
    }

    private static String text(byte[] bytes) {
        return bytes == null ? null : new String(bytes, java.nio.charset.StandardCharsets.UTF_8);
    }
}
