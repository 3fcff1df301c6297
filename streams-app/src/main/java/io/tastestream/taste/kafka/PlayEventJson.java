package io.tastestream.taste.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
import io.tastestream.core.event.IsoInstants;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.serde.Codec;
import io.tastestream.core.serde.Json;
import io.tastestream.core.topic.Topics;
import java.io.IOException;
import java.time.Instant;
import java.util.stream.Stream;

/**
 * Reads a {@code plays} record into exactly the {@link PlayEvent} that {@link PlayEvent#SERDE} reads, with Jackson's
 * streaming parser and a hand-written parser for the one instant format our writers produce
 * ({@code 2024-01-01T00:00:00Z}, optionally with 1–9 fraction digits), instead of Jackson's reflective record
 * deserializer and its {@code DateTimeFormatter}-based instant parsing (which alone was a third of the taste job's
 * source thread). The copy job this is compared with never parses, so every play's parse counts. Field names are
 * matched first against the one our writers put next, on the raw bytes ({@link JsonParser#nextFieldName(
 * SerializableString)}), and looked up by name only when that fails (another order, an escape, an unknown field).
 *
 * <p>Only the plain, well-formed case takes the fast path: each known field at most once, strings as JSON strings or
 * null, numbers as JSON integers in range, the instant in the form above. Anything else (bad JSON, a number in a
 * string, a duplicate field, another instant form, a value the record's constructor refuses) is read again by the
 * codec itself, so whatever the codec accepts is accepted with the same result, and every error message, and hence
 * every dead letter's reason, is the codec's own. {@code PlayEventJsonTest} holds both to that.
 */
public final class PlayEventJson {
    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    /** The plays topic's own codec: what the fast path must agree with, and what reads everything else. */
    private static final Codec<PlayEvent> CODEC = Topics.PLAYS.valueSerde();

    /** The fields in the order our writers (PlayEvent's record components, via Jackson) put them. */
    private static final SerializableString[] FIELDS = Stream.of("schemaVersion", "playId", "userId", "artist",
            "track", "album", "playedAt", "msPlayed", "source").map(SerializedString::new)
            .toArray(SerializableString[]::new);
    private static final int SCHEMA_VERSION = 0;
    private static final int PLAY_ID = 1;
    private static final int USER_ID = 2;
    private static final int ARTIST = 3;
    private static final int TRACK = 4;
    private static final int ALBUM = 5;
    private static final int PLAYED_AT = 6;
    private static final int MS_PLAYED = 7;
    private static final int SOURCE = 8;

    private PlayEventJson() {}

    /** The index of a field in {@link #FIELDS}, -1 for a field PlayEvent does not have. */
    private static int fieldIndex(String name) {
        for (int i = 0; i < FIELDS.length; i++) {
            if (FIELDS[i].getValue().equals(name)) {
                return i;
            }
        }
        return -1;
    }

    /** Like {@code PlayEvent.SERDE.decode(bytes)}: same event, same {@code InvalidRecordException}s. */
    public static PlayEvent decode(byte[] bytes) {
        PlayEvent fast = decodePlain(bytes);
        return fast != null ? fast : CODEC.decode(bytes);
    }

    /** The event when {@code bytes} is a plain, valid play (see the class comment), else null. */
    static PlayEvent decodePlain(byte[] bytes) {
        if (bytes == null || bytes.length == 0) {
            return null;
        }
        int schemaVersion = 0;
        String playId = null;
        String userId = null;
        String artist = null;
        String track = null;
        String album = null;
        Instant playedAt = null;
        long msPlayed = 0;
        String source = null;
        int seen = 0;
        try (JsonParser p = FACTORY.createParser(bytes)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            int expected = 0; // the field our writers put next (FIELDS' order)
            while (true) {
                int field;
                if (expected < FIELDS.length && p.nextFieldName(FIELDS[expected])) {
                    field = expected; // matched on the raw bytes, without looking the name up
                } else {
                    token = expected < FIELDS.length ? p.currentToken() : p.nextToken();
                    if (token != JsonToken.FIELD_NAME) {
                        break;
                    }
                    field = fieldIndex(p.currentName());
                }
                if (field >= 0) {
                    expected = field + 1;
                }
                JsonToken value = p.nextToken();
                int bit;
                switch (field) {
                    case SCHEMA_VERSION -> {
                        bit = 1;
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        schemaVersion = p.getIntValue();
                    }
                    case PLAY_ID -> {
                        bit = 2;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        playId = p.getValueAsString();
                    }
                    case USER_ID -> {
                        bit = 4;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        userId = p.getValueAsString();
                    }
                    case ARTIST -> {
                        bit = 8;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        artist = p.getValueAsString();
                    }
                    case TRACK -> {
                        bit = 16;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        track = p.getValueAsString();
                    }
                    case ALBUM -> {
                        bit = 32;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        album = p.getValueAsString();
                    }
                    case PLAYED_AT -> {
                        bit = 64;
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        playedAt = IsoInstants.parsePlainUtc(p.getText());
                        if (playedAt == null) {
                            return null;
                        }
                    }
                    case MS_PLAYED -> {
                        bit = 128;
                        if (value != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        msPlayed = p.getLongValue();
                    }
                    case SOURCE -> {
                        bit = 256;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        source = p.getValueAsString();
                    }
                    default -> {
                        bit = 0; // unknown fields are ignored, as the codec does (forward compatible)
                        p.skipChildren();
                    }
                }
                if ((seen & bit) != 0) {
                    return null; // a field given twice: leave the codec's rules for that to the codec
                }
                seen |= bit;
            }
            if (token != JsonToken.END_OBJECT) {
                return null;
            }
            return new PlayEvent(schemaVersion, playId, userId, artist, track, album, playedAt, msPlayed, source);
        } catch (IOException | RuntimeException e) {
            return null; // not plain or not valid: the codec reads it again and says why
        }
    }

    private static boolean isStringOrNull(JsonToken t) {
        return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_NULL;
    }
}
