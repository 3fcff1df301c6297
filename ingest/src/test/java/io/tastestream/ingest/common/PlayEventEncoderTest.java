package io.tastestream.ingest.common;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.PlayEvent;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The fast writers give exactly what the core codec and {@code derivePlayId} give. */
class PlayEventEncoderTest {
    static final String[] NAMES = {"Mogwai", "Sigur Rós", "  Boards   of Canada ", "AC/DC", "Guns N' Roses",
        "\"Weird Al\" Yankovic", "tab\there", "line\nbreak", "back\\slash", "ＦＵＬＬ ｗｉｄｔｈ", "Björk", "坂本龍一",
        "emoji 🎵", "\u0001control", "Ĳssel"};

    static String name(Random r) {
        return NAMES[r.nextInt(NAMES.length)] + (r.nextBoolean() ? "" : " " + r.nextInt(100));
    }

    static Instant instant(Random r) {
        long second = -5_000_000_000L + (long) (r.nextDouble() * 260_000_000_000L); // years ~1811..10200
        return switch (r.nextInt(5)) {
            case 0 -> Instant.ofEpochSecond(second, r.nextInt(1000) * 1_000_000L);
            case 1 -> Instant.ofEpochSecond(second, r.nextInt(1_000_000_000));
            case 2 -> Instant.ofEpochSecond(second, 120_000_000);
            default -> Instant.ofEpochSecond(second % 4_000_000_000L);
        };
    }

    @Test
    void writesTheCodecsBytes() {
        Random r = new Random(11);
        PlayEventEncoder encoder = new PlayEventEncoder();
        for (int i = 0; i < 4_000; i++) {
            PlayEvent p = new PlayEvent(PlayEvent.CURRENT_VERSION, r.nextBoolean() ? null : "id-" + name(r),
                    name(r), name(r), name(r), r.nextBoolean() ? null : name(r), instant(r),
                    r.nextInt(3) == 0 ? 0 : r.nextLong() & Long.MAX_VALUE, r.nextBoolean() ? "lastfm" : name(r));
            byte[] fast = encoder.encode(p);
            assertThat(new String(fast, StandardCharsets.UTF_8))
                    .isEqualTo(new String(PlayEvent.SERDE.encode(p), StandardCharsets.UTF_8));
            assertThat(PlayEvent.SERDE.decode(fast)).isEqualTo(p);
        }
    }

    @Test
    void derivesThePlayIdsOfTheCore() {
        Random r = new Random(12);
        PlayIds ids = new PlayIds();
        for (int i = 0; i < 2_000; i++) {
            String source = r.nextBoolean() ? "hetrec" : name(r);
            String user = name(r);
            String artist = name(r);
            String track = name(r);
            Instant at = instant(r);
            assertThat(ids.derive(source, user, artist, track, at))
                    .isEqualTo(PlayEvent.derivePlayId(source, user, artist, track, at));
        }
    }
}
