package io.tastestream.ingest.replay;

import io.tastestream.ingest.dataset.DatasetKind;
import io.tastestream.ingest.dataset.LineProblem;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What a replay did.
 *
 * @param tagEventsPublished item-tags records the broker acknowledged
 * @param playsPublished     play records the broker acknowledged
 * @param playsPlanned       plays the replay meant to send (after --users and --limit)
 * @param sendFailures       records the broker did not take; {@code firstFailure} says why
 * @param linesRejected      input lines skipped while reading; {@code firstProblems} names up to 10,
 *                           {@code rejectedKinds} counts them per file and kind of problem
 * @param playsNote          how plays were made when the data has no per-play times, else null
 * @param stoppedEarly       stop() (Ctrl-C) ended it before everything was sent
 */
public record ReplaySummary(String data, DatasetKind kind, long tagEventsPublished, long playsPublished,
                            long playsPlanned, long sendFailures, String firstFailure, long linesRejected,
                            List<LineProblem> firstProblems, Map<String, Long> rejectedKinds, String playsNote, Instant firstPlayAt,
                            Instant lastPlayAt, Duration elapsed, boolean stoppedEarly) {

    public ReplaySummary {
        firstProblems = List.copyOf(firstProblems);
        rejectedKinds = Map.copyOf(rejectedKinds);
    }

    public long eventsPublished() {
        return tagEventsPublished + playsPublished;
    }

    public double eventsPerSecond() {
        double seconds = elapsed.toNanos() / 1e9;
        return seconds <= 0 ? 0 : eventsPublished() / seconds;
    }

    public boolean succeeded() {
        return sendFailures == 0 && !stoppedEarly;
    }

    /** Several lines for a terminal. */
    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(stoppedEarly ? "Replay STOPPED early: " : "Replay finished: ").append(data)
                .append(" (").append(kind.name().toLowerCase(java.util.Locale.ROOT)).append(")\n");
        sb.append("  item tags published: ").append(tagEventsPublished).append('\n');
        sb.append("  plays published:     ").append(playsPublished).append(" of ").append(playsPlanned);
        if (firstPlayAt != null) {
            sb.append(" (event time ").append(firstPlayAt).append(" .. ").append(lastPlayAt).append(')');
        }
        sb.append('\n');
        if (playsNote != null) {
            sb.append("  NOTE: ").append(playsNote).append('\n');
        }
        sb.append("  rejected input lines: ").append(linesRejected).append('\n');
        new java.util.TreeMap<>(rejectedKinds).forEach((kind, n) ->
                sb.append("    ").append(n).append(" x ").append(kind).append('\n'));
        if (!firstProblems.isEmpty()) {
            sb.append("  first rejected lines:\n");
        }
        for (LineProblem p : firstProblems) {
            sb.append("    ").append(p).append('\n');
        }
        if (linesRejected > firstProblems.size()) {
            sb.append("    ... and ").append(linesRejected - firstProblems.size()).append(" more\n");
        }
        if (sendFailures > 0) {
            sb.append("  SEND FAILURES: ").append(sendFailures).append(", first: ").append(firstFailure).append('\n');
        }
        sb.append(String.format(java.util.Locale.ROOT, "  %d events in %.1f s, %.0f events/s",
                eventsPublished(), elapsed.toNanos() / 1e9, eventsPerSecond()));
        return sb.toString();
    }
}
