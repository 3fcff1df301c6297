package io.tastestream.taste.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import io.tastestream.core.serde.Json;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes a {@link TasteSnapshot} as exactly the bytes {@link TasteSnapshot#SERDE} writes (same field order, ISO-8601
 * instants, absent nulls, Jackson's number format; {@code TasteSnapshotJsonTest} holds it to that), with Jackson's
 * streaming generator instead of its reflective record serializer: several times faster, and every snapshot the
 * taste job sends goes through here. A field added to TasteSnapshot must be added here too (the test fails until
 * it is).
 */
public final class TasteSnapshotJson {
    private static final JsonFactory FACTORY = Json.mapper().getFactory();

    private TasteSnapshotJson() {}

    public static byte[] encode(TasteSnapshot s) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(2048);
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeNumberField("schemaVersion", s.schemaVersion());
            g.writeStringField("userId", s.userId());
            instant(g, "asOf", s.asOf());
            g.writeNumberField("halfLifeHours", s.halfLifeHours());
            weights(g, "topTags", s.topTags());
            weights(g, "topArtists", s.topArtists());
            g.writeArrayFieldStart("recentPlays");
            for (RecentPlay p : s.recentPlays()) {
                g.writeStartObject();
                g.writeStringField("artist", p.artist());
                if (p.track() != null) {
                    g.writeStringField("track", p.track());
                }
                instant(g, "playedAt", p.playedAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            strings(g, "liked", s.liked());
            strings(g, "skipped", s.skipped());
            strings(g, "banned", s.banned());
            Trigger t = s.trigger();
            if (t != null) {
                g.writeObjectFieldStart("trigger");
                g.writeStringField("kind", t.kind().name());
                ItemRef item = t.item();
                if (item != null) {
                    g.writeObjectFieldStart("item");
                    g.writeStringField("artist", item.artist());
                    if (item.track() != null) {
                        g.writeStringField("track", item.track());
                    }
                    g.writeEndObject();
                }
                instant(g, "at", t.at());
                g.writeEndObject();
            }
            g.writeNumberField("eventsApplied", s.eventsApplied());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TasteSnapshot of " + s.userId(), e);
        }
        return bytes.toByteArray();
    }

    private static void instant(JsonGenerator g, String field, Instant at) throws IOException {
        g.writeFieldName(field);
        long seconds = at.getEpochSecond();
        if (seconds < 0 || seconds > LAST_SECOND_OF_9999) {
            g.writeString(at.toString()); // Instant.toString is ISO_INSTANT, what Jackson's JavaTimeModule writes
            return;
        }
        // the same text as Instant.toString (DateTimeFormatter.ISO_INSTANT), without the formatter's overhead:
        // yyyy-MM-ddTHH:mm:ss, then the fraction in groups of three digits as needed, then Z
        char[] c = new char[30];
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        int n = digits(c, 0, date.getYear(), 4);
        c[n++] = '-';
        n = digits(c, n, date.getMonthValue(), 2);
        c[n++] = '-';
        n = digits(c, n, date.getDayOfMonth(), 2);
        c[n++] = 'T';
        n = digits(c, n, secondOfDay / 3600, 2);
        c[n++] = ':';
        n = digits(c, n, secondOfDay / 60 % 60, 2);
        c[n++] = ':';
        n = digits(c, n, secondOfDay % 60, 2);
        int nano = at.getNano();
        if (nano != 0) {
            c[n++] = '.';
            if (nano % 1_000_000 == 0) {
                n = digits(c, n, nano / 1_000_000, 3);
            } else if (nano % 1000 == 0) {
                n = digits(c, n, nano / 1000, 6);
            } else {
                n = digits(c, n, nano, 9);
            }
        }
        c[n++] = 'Z';
        g.writeString(c, 0, n);
    }

    /** 9999-12-31T23:59:59Z: up to here the year has four digits and no sign. */
    private static final long LAST_SECOND_OF_9999 = 253_402_300_799L;

    /** Writes {@code value} as exactly {@code width} decimal digits, zero-padded; returns the next position. */
    private static int digits(char[] c, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            c[i] = (char) ('0' + value % 10);
            value /= 10;
        }
        return at + width;
    }

    private static void weights(JsonGenerator g, String field, List<Weighted> weights) throws IOException {
        g.writeArrayFieldStart(field);
        for (Weighted w : weights) {
            g.writeStartObject();
            g.writeStringField("name", w.name());
            g.writeNumberField("weight", w.weight());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, String field, List<String> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
