package io.tastestream.ingest.spotify.history;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import io.tastestream.core.event.IsoInstants;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * Reads Spotify export files with Jackson's streaming parser (one record in memory at a time), both formats:
 * <ul>
 *   <li>extended streaming history ({@code Streaming_History_Audio_*.json}, also {@code ..._Video_...} and the older
 *       {@code endsong_*.json}): {@code ts}, {@code ms_played}, {@code master_metadata_track_name},
 *       {@code master_metadata_album_artist_name}, {@code master_metadata_album_album_name},
 *       {@code spotify_track_uri}, {@code episode_*}, {@code audiobook_*}, {@code skipped}, ...</li>
 *   <li>account data ({@code StreamingHistory*.json}, {@code StreamingHistory_music_*.json},
 *       {@code StreamingHistory_podcast_*.json}): {@code endTime} ("yyyy-MM-dd HH:mm", UTC), {@code artistName},
 *       {@code trackName}, {@code msPlayed}; podcast files have {@code podcastName}, {@code episodeName}.</li>
 * </ul>
 * The format is told per record by its fields, so a file of either kind (or a mix) reads right. A record with a
 * bad value is reported with its index and field and the parser goes on; broken JSON syntax ends the file (the
 * records before it count), reported with line and column.
 */
public final class SpotifyHistoryParser {

    private static final JsonFactory JSON = JsonFactory.builder().build();
    private static final DateTimeFormatter ACCOUNT_DATA_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm",
            Locale.ROOT);
    private static final int PROGRESS_EVERY = 512;

    /** Parses one file; the visitor sees every record. */
    public void parse(Path file, HistoryVisitor visitor) {
        String name = file.toString();
        boolean videoFile = file.getFileName().toString().toLowerCase(Locale.ROOT).contains("video");
        boolean podcastFile = file.getFileName().toString().toLowerCase(Locale.ROOT).contains("podcast");
        try (InputStream in = Files.newInputStream(file); JsonParser p = JSON.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first != JsonToken.START_ARRAY) {
                visitor.rejected(new RecordProblem(name, -1, null, "not a Spotify export: expected a JSON array of "
                        + "records, found " + (first == null ? "an empty file" : describe(first))));
                return;
            }
            Fields f = new Fields();
            int index = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                if (t == null) {
                    visitor.rejected(new RecordProblem(name, index, null, "file ends before the closing ']' "
                            + "(truncated?); the records before it were read"));
                    return;
                }
                if (t != JsonToken.START_OBJECT) {
                    p.skipChildren();
                    visitor.rejected(new RecordProblem(name, index, null, "expected a record {...}, found "
                            + describe(t)));
                } else {
                    f.clear();
                    readRecord(p, f);
                    classify(name, index, f, videoFile, podcastFile, visitor);
                }
                index++;
                if (index % PROGRESS_EVERY == 0) {
                    visitor.progress(p.currentLocation().getByteOffset());
                }
            }
            visitor.progress(p.currentLocation().getByteOffset());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            visitor.rejected(new RecordProblem(name, -1, null, "broken JSON" + (at == null ? "" : " at line "
                    + at.getLineNr() + ", column " + at.getColumnNr()) + ": " + e.getOriginalMessage()
                    + "; the records before it were read, the rest of the file was not"));
        } catch (IOException e) {
            visitor.rejected(new RecordProblem(name, -1, null, "cannot read: " + e));
        }
    }

    /** The fields that matter, as read; everything else (ip_addr, platform, ...) is skipped unread. */
    static final class Fields {
        String ts;
        String endTime;
        Object msPlayed; // Long, or a String naming the problem
        String msPlayedField;
        String track;
        String artist;
        String album;
        String trackUri;
        boolean episode;
        boolean audiobook;
        boolean podcastName;
        Object skipped; // Boolean, null, or a String naming the problem
        String badField;
        String badReason;

        void clear() {
            ts = endTime = track = artist = album = trackUri = msPlayedField = badField = badReason = null;
            msPlayed = null;
            skipped = null;
            episode = audiobook = podcastName = false;
        }

        void bad(String field, String reason) {
            if (badField == null) {
                badField = field;
                badReason = reason;
            }
        }
    }

    private static void readRecord(JsonParser p, Fields f) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken v = p.nextToken();
            switch (field) {
                case "ts" -> f.ts = text(p, v, field, f);
                case "endTime" -> f.endTime = text(p, v, field, f);
                case "ms_played", "msPlayed" -> {
                    f.msPlayedField = field;
                    if (v == JsonToken.VALUE_NUMBER_INT) {
                        f.msPlayed = p.getLongValue();
                    } else if (v != JsonToken.VALUE_NULL) {
                        f.bad(field, "expected a whole number of milliseconds, found " + describe(v));
                        p.skipChildren();
                    }
                }
                case "master_metadata_track_name", "trackName" -> f.track = text(p, v, field, f);
                case "master_metadata_album_artist_name", "artistName" -> f.artist = text(p, v, field, f);
                case "master_metadata_album_album_name" -> f.album = text(p, v, field, f);
                case "spotify_track_uri" -> f.trackUri = text(p, v, field, f);
                case "spotify_episode_uri", "episode_name", "episode_show_name" ->
                        f.episode |= present(p, v);
                case "audiobook_uri", "audiobook_title", "audiobook_chapter_uri", "audiobook_chapter_title" ->
                        f.audiobook |= present(p, v);
                case "podcastName", "episodeName" -> f.podcastName |= present(p, v);
                case "skipped" -> {
                    if (v == JsonToken.VALUE_TRUE || v == JsonToken.VALUE_FALSE) {
                        f.skipped = v == JsonToken.VALUE_TRUE;
                    } else if (v != JsonToken.VALUE_NULL) {
                        f.bad(field, "expected true, false or null, found " + describe(v));
                        p.skipChildren();
                    }
                }
                default -> p.skipChildren();
            }
        }
    }

    private static String text(JsonParser p, JsonToken v, String field, Fields f) throws IOException {
        if (v == JsonToken.VALUE_STRING) {
            String s = p.getText();
            return s.isBlank() ? null : s;
        }
        if (v != JsonToken.VALUE_NULL) {
            f.bad(field, "expected a string, found " + describe(v));
            p.skipChildren();
        }
        return null;
    }

    private static boolean present(JsonParser p, JsonToken v) throws IOException {
        boolean present = v != JsonToken.VALUE_NULL && !(v == JsonToken.VALUE_STRING && p.getText().isBlank());
        p.skipChildren();
        return present;
    }

    private static void classify(String file, int index, Fields f, boolean videoFile, boolean podcastFile,
                                 HistoryVisitor visitor) {
        if (f.episode || f.podcastName || (podcastFile && f.ts == null)) {
            visitor.excluded(ExcludedKind.PODCAST);
            return;
        }
        if (f.audiobook) {
            visitor.excluded(ExcludedKind.AUDIOBOOK);
            return;
        }
        if (videoFile) {
            visitor.excluded(ExcludedKind.VIDEO);
            return;
        }
        if (f.badField != null) {
            visitor.rejected(new RecordProblem(file, index, f.badField, f.badReason));
            return;
        }
        boolean extended = f.ts != null;
        Instant endedAt;
        if (extended) {
            try {
                endedAt = parseUtc(f.ts);
            } catch (DateTimeParseException e) {
                visitor.rejected(new RecordProblem(file, index, "ts", "not an ISO-8601 UTC time such as "
                        + "2024-03-01T18:22:05Z: '" + f.ts + "'"));
                return;
            }
        } else if (f.endTime != null) {
            try {
                endedAt = LocalDateTime.parse(f.endTime, ACCOUNT_DATA_TIME).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e) {
                visitor.rejected(new RecordProblem(file, index, "endTime", "not a time such as 2024-03-01 18:22: '"
                        + f.endTime + "'"));
                return;
            }
        } else {
            visitor.rejected(new RecordProblem(file, index, null, "neither 'ts' (extended streaming history) nor "
                    + "'endTime' (account data): not a Spotify streaming-history record"));
            return;
        }
        String trackField = extended ? "master_metadata_track_name" : "trackName";
        String artistField = extended ? "master_metadata_album_artist_name" : "artistName";
        if (f.track == null) {
            visitor.rejected(new RecordProblem(file, index, trackField, "missing (no track, episode or audiobook "
                    + "named: unavailable or local content)"));
            return;
        }
        if (f.artist == null) {
            visitor.rejected(new RecordProblem(file, index, artistField, "missing"));
            return;
        }
        if (!extended && "Unknown Artist".equals(f.artist) && "Unknown Track".equals(f.track)) {
            visitor.rejected(new RecordProblem(file, index, artistField, "'Unknown Artist' / 'Unknown Track' "
                    + "(a local file Spotify could not name)"));
            return;
        }
        String msField = f.msPlayedField != null ? f.msPlayedField : extended ? "ms_played" : "msPlayed";
        if (!(f.msPlayed instanceof Long ms)) {
            visitor.rejected(new RecordProblem(file, index, msField, "missing"));
            return;
        }
        if (ms < 0) {
            visitor.rejected(new RecordProblem(file, index, msField, "negative: " + ms));
            return;
        }
        visitor.row(new HistoryRow(index, endedAt, f.artist, f.track, f.album, ms, (Boolean) f.skipped,
                f.trackUri));
    }

    /**
     * {@code 2024-03-01T18:22:05Z}, the shape of every {@code ts}, on the fast path ({@link IsoInstants}); anything
     * else goes through Instant.parse, which also says what is wrong.
     */
    static Instant parseUtc(String s) {
        Instant plain = IsoInstants.parsePlainUtc(s);
        return plain != null ? plain : Instant.parse(s);
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.toString();
        };
    }
}
