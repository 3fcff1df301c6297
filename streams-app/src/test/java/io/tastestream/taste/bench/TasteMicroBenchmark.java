package io.tastestream.taste.bench;

import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.Trigger;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.taste.TasteSettings;
import io.tastestream.core.taste.TasteState;
import io.tastestream.taste.dedup.SeenEvents;
import io.tastestream.taste.kafka.PlayEventJson;
import io.tastestream.taste.kafka.TasteSnapshotJson;
import io.tastestream.taste.records.EnrichedEvent;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * The taste job's per-event work without Flink, Kafka or the other helpers' load: parsing a play (the plays codec
 * vs {@link PlayEventJson}), the dedup ({@link SeenEvents}, one per user), applying it to the user's
 * {@link TasteState}, and building and writing a snapshot every {@code snapshotEvery} events of a user. Same
 * generated plays as {@link ThroughputBenchmark}. Prints CPU ns (this thread's) per event; steadier than the jobs'
 * events/s on a shared machine, though still moved by other guests' use of the caches. Run:
 * {@code java -cp <streams-app test classpath> io.tastestream.taste.bench.TasteMicroBenchmark [events] [users]
 * [snapshotEvery] [rounds]} (defaults 100,000, 1,000, 20, 5).
 */
public final class TasteMicroBenchmark {

    private static final java.lang.management.ThreadMXBean THREADS =
            java.lang.management.ManagementFactory.getThreadMXBean();

    /** This thread's CPU time: other processes on a busy machine do not count (wall time would). */
    private static long cpu() {
        return THREADS.getCurrentThreadCpuTime();
    }

    public static void main(String[] args) {
        int events = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
        int users = args.length > 1 ? Integer.parseInt(args[1]) : 1_000;
        int snapshotEvery = args.length > 2 ? Integer.parseInt(args[2]) : 20;
        int rounds = args.length > 3 ? Integer.parseInt(args[3]) : 5;
        Random random = new Random(42);
        int artists = 5_000;
        Instant start = Instant.parse("2024-01-01T00:00:00Z");
        List<List<WeightedTag>> tagsOf = new ArrayList<>();
        for (int a = 0; a < artists; a++) {
            tagsOf.add(List.of(new WeightedTag("tag " + (a % 300), 10), new WeightedTag("tag " + (a % 71), 5),
                    new WeightedTag("tag " + (a % 13), 2)));
        }
        byte[][] plays = new byte[events][];
        int[] artistOf = new int[events];
        for (int i = 0; i < events; i++) {
            String user = "user-" + random.nextInt(users);
            int artist = (int) Math.min(artists - 1, Math.exp(random.nextDouble() * Math.log(artists)) - 1);
            artistOf[i] = artist;
            plays[i] = PlayEvent.SERDE.encode(PlayEvent.of(user, "Artist " + artist, "Track " + random.nextInt(10),
                    null, start.plusSeconds(i * 60L), 0, "bench"));
        }
        TasteSettings settings = TasteSettings.defaults();
        for (int round = 1; round <= rounds; round++) {
            long t0 = cpu();
            long sink = 0;
            for (byte[] b : plays) {
                sink += PlayEvent.SERDE.decode(b).msPlayed();
            }
            long t1 = cpu();
            PlayEvent[] decoded = new PlayEvent[events];
            for (int i = 0; i < events; i++) {
                decoded[i] = PlayEventJson.decode(plays[i]);
            }
            long t2 = cpu();
            Map<String, SeenEvents> seen = new HashMap<>();
            long day = SeenEvents.dayOf(System.currentTimeMillis());
            int duplicates = 0;
            for (PlayEvent play : decoded) {
                if (!seen.computeIfAbsent(play.userId(), u -> new SeenEvents())
                        .add(SeenEvents.hash(EnrichedEvent.of(play, List.of()).eventId()), day)) {
                    duplicates++;
                }
            }
            long t2b = cpu();
            Map<String, TasteState> states = new HashMap<>();
            Map<String, Integer> counts = new HashMap<>();
            long snapshotNanos = 0;
            int snapshots = 0;
            for (int i = 0; i < events; i++) {
                PlayEvent play = decoded[i];
                // fresh tag objects per event, as they arrive in the job (deserialised per record)
                List<WeightedTag> tags = new ArrayList<>(tagsOf.get(artistOf[i]));
                TasteState state = states.computeIfAbsent(play.userId(), u -> new TasteState());
                state.applyPlay(play, tags, settings);
                if (counts.merge(play.userId(), 1, Integer::sum) % snapshotEvery == 0) {
                    long s0 = cpu();
                    sink += TasteSnapshotJson.encode(state.snapshot(play.userId(),
                            Trigger.of(play), settings)).length;
                    snapshotNanos += cpu() - s0;
                    snapshots++;
                }
            }
            long t3 = cpu();
            System.out.printf("round %d: parse codec %6.0f ns, PlayEventJson %6.0f ns; dedup %5.0f ns (%d dropped); "
                            + "apply %6.0f ns/play; snapshot+json %6.0f ns each (%d)  [%d]%n", round,
                    (t1 - t0) / (double) events, (t2 - t1) / (double) events, (t2b - t2) / (double) events,
                    duplicates, (t3 - t2b - snapshotNanos) / (double) events,
                    snapshotNanos / (double) Math.max(1, snapshots), snapshots, sink % 10);
        }
    }
}
