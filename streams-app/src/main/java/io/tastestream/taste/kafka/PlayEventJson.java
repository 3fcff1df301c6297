package io.tastestream.taste.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tastestream.core.event.IsoInstants;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.serde.Codec;
import io.tastestream.core.serde.Json;
import io.tastestream.core.topic.Topics;
import java.io.IOException;
import java.time.Instant;

/**
 * Reads a {@code plays} record into exactly the {@link PlayEvent} that {@link PlayEvent#SERDE} reads, with Jackson's
 * streaming parser and a hand-written parser for the one instant format our writers produce
 * ({@code 2024-01-01T00:00:00Z}, optionally with 1–9 fraction digits), instead of Jackson's reflective record
 * deserializer and its {@code DateTimeFormatter}-based instant parsing (which alone was a third of the taste job's
 * source thread). The copy job this is compared with never parses, so every play's parse counts.
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

    private PlayEventJson() {}

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
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                int bit;
                switch (name) {
                    case "schemaVersion" -> {
                        bit = 1;
                        if (value != JsonToken.VALUE_NUMBER_INT || p.getNumberType() != JsonParser.NumberType.INT) {
                            return null;
                        }
                        schemaVersion = p.getIntValue();
                    }
                    case "playId" -> {
                        bit = 2;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        playId = p.getValueAsString();
                    }
                    case "userId" -> {
                        bit = 4;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        userId = p.getValueAsString();
                    }
                    case "artist" -> {
                        bit = 8;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        artist = p.getValueAsString();
                    }
                    case "track" -> {
                        bit = 16;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        track = p.getValueAsString();
                    }
                    case "album" -> {
                        bit = 32;
                        if (!isStringOrNull(value)) {
                            return null;
                        }
                        album = p.getValueAsString();
                    }
                    case "playedAt" -> {
                        bit = 64;
                        if (value != JsonToken.VALUE_STRING) {
                            return null;
                        }
                        playedAt = IsoInstants.parsePlainUtc(p.getText());
                        if (playedAt == null) {
                            return null;
                        }
                    }
                    case "msPlayed" -> {
                        bit = 128;
                        if (value != JsonToken.VALUE_NUMBER_INT
                                || p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
                            return null;
                        }
                        msPlayed = p.getLongValue();
                    }
                    case "source" -> {
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
