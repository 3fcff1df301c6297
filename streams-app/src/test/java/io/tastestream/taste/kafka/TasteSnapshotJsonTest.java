package io.tastestream.taste.kafka;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.RecentPlay;
import io.tastestream.core.event.TasteSnapshot;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.Weighted;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The hand-written snapshot JSON is byte for byte what the core codec writes, for every shape of snapshot. */
class TasteSnapshotJsonTest {
    private static final String[] NAMES = {"rock", "Björk", "Sigur Rós", "x\"y\\z", "tab\there", "日本語", "a/b",
            "emoji \uD83C\uDFB5", "ctl\u0001"};

    @Test
    void sameBytesAsTheCoreCodecOnRandomSnapshots() {
        Random random = new Random(3);
        for (int n = 0; n < 2_000; n++) {
            TasteSnapshot s = randomSnapshot(random);
            assertThat(new String(TasteSnapshotJson.encode(s), StandardCharsets.UTF_8))
                    .isEqualTo(TasteSnapshot.SERDE.encodeToString(s));
        }
    }

    @Test
    void everyComponentIsWritten() {
        // fails when a component is added to TasteSnapshot and not to TasteSnapshotJson (random snapshots above
        // would only catch it when the new field is non-null)
        assertThat(TasteSnapshot.class.getRecordComponents()).extracting(c -> c.getName()).containsExactly(
                "schemaVersion", "userId", "asOf", "halfLifeHours", "topTags", "topArtists", "recentPlays", "liked",
                "skipped", "banned", "trigger", "eventsApplied");
    }

    private static TasteSnapshot randomSnapshot(Random random) {
        return new TasteSnapshot(TasteSnapshot.CURRENT_VERSION, name(random) + n(random), instant(random),
                random.nextBoolean() ? 2160.0 : random.nextDouble() * 1e4 + 1e-9, weights(random), weights(random),
                plays(random), strings(random), strings(random), strings(random),
                random.nextInt(4) == 0 ? null : new Trigger(Trigger.Kind.values()[random.nextInt(6)],
                        random.nextInt(3) == 0 ? null : item(random), instant(random)),
                random.nextInt(3) == 0 ? random.nextLong() & Long.MAX_VALUE : random.nextInt(1000));
    }

    private static List<Weighted> weights(Random random) {
        List<Weighted> out = new ArrayList<>();
        for (int i = random.nextInt(6); i > 0; i--) {
            double w = switch (random.nextInt(4)) {
                case 0 -> random.nextDouble();
                case 1 -> random.nextDouble() * 1e-9;
                case 2 -> -random.nextDouble() * 1e12;
                default -> random.nextInt(100);
            };
            out.add(new Weighted(name(random), w));
        }
        return out;
    }

    private static List<RecentPlay> plays(Random random) {
        List<RecentPlay> out = new ArrayList<>();
        for (int i = random.nextInt(4); i > 0; i--) {
            out.add(new RecentPlay(name(random), random.nextBoolean() ? null : name(random), instant(random)));
        }
        return out;
    }

    private static List<String> strings(Random random) {
        List<String> out = new ArrayList<>();
        for (int i = random.nextInt(3); i > 0; i--) {
            out.add(name(random));
        }
        return out;
    }

    private static ItemRef item(Random random) {
        return new ItemRef(name(random), random.nextBoolean() ? null : name(random));
    }

    private static String name(Random random) {
        return NAMES[random.nextInt(NAMES.length)];
    }

    private static int n(Random random) {
        return random.nextInt(100);
    }

    private static Instant instant(Random random) {
        long seconds = switch (random.nextInt(5)) {
            case 0 -> random.nextLong(-100_000_000_000L, 300_000_000_000L); // years before 1970 and after 9999
            case 1 -> random.nextBoolean() ? 0 : 253_402_300_799L + random.nextInt(-1, 2); // the edges
            default -> 1_500_000_000L + random.nextInt(300_000_000);
        };
        return switch (random.nextInt(3)) {
            case 0 -> Instant.ofEpochSecond(seconds);
            case 1 -> Instant.ofEpochSecond(seconds, random.nextInt(1000) * 1_000_000L);
            default -> Instant.ofEpochSecond(seconds, random.nextInt(1_000_000_000));
        };
    }
}
