package io.tastestream.taste.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.serde.Codec;
import io.tastestream.core.serde.Json;
import io.tastestream.core.topic.Topics;
import java.io.IOException;
import java.time.Instant;
import java.time.LocalDate;

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
                        playedAt = instant(p.getText());
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

    /**
     * {@code uuuu-MM-ddTHH:mm:ss[.f{1,9}]Z} as an instant, or null for any other text (including invalid dates,
     * leap seconds and lower-case letters, which the codec's own parser then judges).
     */
    static Instant instant(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
                || s.charAt(16) != ':' || s.charAt(n - 1) != 'Z') {
            return null;
        }
        int year = digits(s, 0, 4);
        int month = digits(s, 5, 2);
        int day = digits(s, 8, 2);
        int hour = digits(s, 11, 2);
        int minute = digits(s, 14, 2);
        int second = digits(s, 17, 2);
        if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0
                || minute > 59 || second < 0 || second > 59) {
            return null;
        }
        int nanos = 0;
        if (n != 20) {
            int fraction = n - 21; // between the '.' at 19 and the 'Z'
            if (s.charAt(19) != '.' || fraction < 1 || fraction > 9) {
                return null;
            }
            nanos = digits(s, 20, fraction);
            if (nanos < 0) {
                return null;
            }
            for (int i = fraction; i < 9; i++) {
                nanos *= 10;
            }
        }
        if (day > 28 && day > LocalDate.of(year, month, 1).lengthOfMonth()) {
            return null;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return Instant.ofEpochSecond(epochDay * 86_400 + hour * 3_600L + minute * 60L + second, nanos);
    }

    /** The non-negative number written by {@code count} ASCII digits from {@code from}, or -1. */
    private static int digits(String s, int from, int count) {
        int v = 0;
        for (int i = from; i < from + count; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }
}
