package io.tastestream.ingest.common;

import com.fasterxml.jackson.core.JsonGenerator;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

/**
 * Writes a {@link PlayEvent} as the bytes {@code PlayEvent.SERDE.encode} writes (same fields, order, escaping and
 * time format; {@code PlayEventEncoderTest} holds them equal), several times faster: one streaming generator reused
 * for every record instead of a data-binding pass per record (reflection, a new generator and serializer provider
 * each time). For the bulk sources, where encoding was a quarter of the CPU per record. Not thread-safe.
 */
public final class PlayEventEncoder {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    private final JsonGenerator json;
    private final char[] time = new char[24];

    public PlayEventEncoder() {
        try {
            // the core mapper's factory: the same escaping and features as the codec
            json = Json.mapper().getFactory().createGenerator(out);
            json.setRootValueSeparator(null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public byte[] encode(PlayEvent p) {
        try {
            json.writeStartObject();
            json.writeNumberField("schemaVersion", p.schemaVersion());
            json.writeStringField("playId", p.playId());
            json.writeStringField("userId", p.userId());
            json.writeStringField("artist", p.artist());
            json.writeStringField("track", p.track());
            if (p.album() != null) {
                json.writeStringField("album", p.album());
            }
            json.writeFieldName("playedAt");
            writeInstant(p.playedAt());
            json.writeNumberField("msPlayed", p.msPlayed());
            json.writeStringField("source", p.source());
            json.writeEndObject();
            json.flush();
            byte[] bytes = out.toByteArray();
            out.reset();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write PlayEvent: " + e.getMessage(), e);
        }
    }

    /**
     * {@code Instant.toString()} (what the codec writes) for whole seconds and milliseconds of years 1000..9999,
     * by hand; anything else through {@code toString}.
     */
    private void writeInstant(Instant t) throws IOException {
        int nanos = t.getNano();
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        int year = d.getYear();
        if (nanos % 1_000_000 != 0 || year < 1000 || year > 9999) {
            json.writeString(t.toString());
            return;
        }
        digits(year, 0, 4);
        time[4] = '-';
        digits(d.getMonthValue(), 5, 2);
        time[7] = '-';
        digits(d.getDayOfMonth(), 8, 2);
        time[10] = 'T';
        digits(d.getHour(), 11, 2);
        time[13] = ':';
        digits(d.getMinute(), 14, 2);
        time[16] = ':';
        digits(d.getSecond(), 17, 2);
        int len = 19;
        if (nanos != 0) {
            time[19] = '.';
            digits(nanos / 1_000_000, 20, 3);
            len = 23;
        }
        time[len] = 'Z';
        json.writeString(time, 0, len + 1);
    }

    private void digits(int value, int at, int count) {
        for (int i = at + count - 1; i >= at; i--) {
            time[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }
}
