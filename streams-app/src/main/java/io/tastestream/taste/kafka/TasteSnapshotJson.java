package io.tastestream.taste.kafka;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.SerializedString;
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
 * taste job sends goes through here. Field names are encoded once ({@link SerializedString}) rather than checked
 * for escapes on every write, and instants, which never need escaping, are written as raw quoted text. A field
 * added to TasteSnapshot must be added here too (the test fails until it is).
 */
public final class TasteSnapshotJson {
    private static final JsonFactory FACTORY = Json.mapper().getFactory();
    private static final SerializableString SCHEMA_VERSION = new SerializedString("schemaVersion");
    private static final SerializableString USER_ID = new SerializedString("userId");
    private static final SerializableString AS_OF = new SerializedString("asOf");
    private static final SerializableString HALF_LIFE_HOURS = new SerializedString("halfLifeHours");
    private static final SerializableString TOP_TAGS = new SerializedString("topTags");
    private static final SerializableString TOP_ARTISTS = new SerializedString("topArtists");
    private static final SerializableString RECENT_PLAYS = new SerializedString("recentPlays");
    private static final SerializableString ARTIST = new SerializedString("artist");
    private static final SerializableString TRACK = new SerializedString("track");
    private static final SerializableString PLAYED_AT = new SerializedString("playedAt");
    private static final SerializableString LIKED = new SerializedString("liked");
    private static final SerializableString SKIPPED = new SerializedString("skipped");
    private static final SerializableString BANNED = new SerializedString("banned");
    private static final SerializableString TRIGGER = new SerializedString("trigger");
    private static final SerializableString KIND = new SerializedString("kind");
    private static final SerializableString ITEM = new SerializedString("item");
    private static final SerializableString AT = new SerializedString("at");
    private static final SerializableString EVENTS_APPLIED = new SerializedString("eventsApplied");
    private static final SerializableString NAME = new SerializedString("name");
    private static final SerializableString WEIGHT = new SerializedString("weight");

    private TasteSnapshotJson() {}

    /**
     * Each thread's output buffer, kept between snapshots: a snapshot of the default size (a few KB) grew a fresh
     * 2 KB buffer twice and copied it each time (a tenth of the snapshot's cost in {@code TasteMicroBenchmark}'s
     * profile); now only the finished bytes are copied out.
     */
    private static final ThreadLocal<ByteArrayOutputStream> BUFFER =
            ThreadLocal.withInitial(() -> new ByteArrayOutputStream(16 * 1024));

    public static byte[] encode(TasteSnapshot s) {
        ByteArrayOutputStream bytes = BUFFER.get();
        bytes.reset();
        try (JsonGenerator g = FACTORY.createGenerator(bytes)) {
            g.writeStartObject();
            g.writeFieldName(SCHEMA_VERSION);
            g.writeNumber(s.schemaVersion());
            string(g, USER_ID, s.userId());
            instant(g, AS_OF, s.asOf());
            g.writeFieldName(HALF_LIFE_HOURS);
            g.writeNumber(s.halfLifeHours());
            weights(g, TOP_TAGS, s.topTags());
            weights(g, TOP_ARTISTS, s.topArtists());
            g.writeFieldName(RECENT_PLAYS);
            g.writeStartArray();
            for (RecentPlay p : s.recentPlays()) {
                g.writeStartObject();
                string(g, ARTIST, p.artist());
                if (p.track() != null) {
                    string(g, TRACK, p.track());
                }
                instant(g, PLAYED_AT, p.playedAt());
                g.writeEndObject();
            }
            g.writeEndArray();
            strings(g, LIKED, s.liked());
            strings(g, SKIPPED, s.skipped());
            strings(g, BANNED, s.banned());
            Trigger t = s.trigger();
            if (t != null) {
                g.writeFieldName(TRIGGER);
                g.writeStartObject();
                string(g, KIND, t.kind().name());
                ItemRef item = t.item();
                if (item != null) {
                    g.writeFieldName(ITEM);
                    g.writeStartObject();
                    string(g, ARTIST, item.artist());
                    if (item.track() != null) {
                        string(g, TRACK, item.track());
                    }
                    g.writeEndObject();
                }
                instant(g, AT, t.at());
                g.writeEndObject();
            }
            g.writeFieldName(EVENTS_APPLIED);
            g.writeNumber(s.eventsApplied());
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write TasteSnapshot of " + s.userId(), e);
        }
        return bytes.toByteArray();
    }

    private static void string(JsonGenerator g, SerializableString field, String value) throws IOException {
        g.writeFieldName(field);
        g.writeString(value);
    }

    private static void instant(JsonGenerator g, SerializableString field, Instant at) throws IOException {
        g.writeFieldName(field);
        long seconds = at.getEpochSecond();
        if (seconds < 0 || seconds > LAST_SECOND_OF_9999) {
            g.writeString(at.toString()); // Instant.toString is ISO_INSTANT, what Jackson's JavaTimeModule writes
            return;
        }
        // the same text as Instant.toString (DateTimeFormatter.ISO_INSTANT), without the formatter's overhead:
        // yyyy-MM-ddTHH:mm:ss, then the fraction in groups of three digits as needed, then Z
        char[] c = new char[32];
        c[0] = '"';
        LocalDate date = LocalDate.ofEpochDay(Math.floorDiv(seconds, 86_400L));
        int secondOfDay = (int) Math.floorMod(seconds, 86_400L);
        int n = digits(c, 1, date.getYear(), 4);
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
        c[n++] = '"';
        g.writeRawValue(c, 0, n); // digits, '-', ':', 'T', '.' and 'Z' never need escaping

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

    private static void weights(JsonGenerator g, SerializableString field, List<Weighted> weights)
            throws IOException {
        g.writeFieldName(field);
        g.writeStartArray();
        for (Weighted w : weights) {
            g.writeStartObject();
            string(g, NAME, w.name());
            g.writeFieldName(WEIGHT);
            g.writeNumber(w.weight());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void strings(JsonGenerator g, SerializableString field, List<String> values) throws IOException {
        g.writeFieldName(field);
        g.writeStartArray();
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }
}
