package io.tastestream.ingest.spotify.history;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What an import did.
 *
 * @param records        records read (all kinds)
 * @param plays          new plays published to {@code plays} and acknowledged
 * @param skips          new SKIP feedback published to {@code feedback} (short or skipped plays)
 * @param duplicates     plays and skips already imported before (or twice in this run), not published again
 * @param excluded       podcast episodes, audiobooks and videos left out
 * @param rejected       records that could not be used, by reason (field and what is wrong)
 * @param firstProblems  the first few rejected records, with file, record index and field
 * @param publishFailures records Kafka did not acknowledge (not in the ledger: a re-run retries them)
 */
public record HistoryImportSummary(int files, long records, long plays, long skips, long duplicates,
                                   Map<ExcludedKind, Long> excluded, long rejected, Map<String, Long> rejectedByReason,
                                   List<RecordProblem> firstProblems, long publishFailures, String firstFailure,
                                   Duration elapsed) {

    public long excludedTotal() {
        return excluded.values().stream().mapToLong(Long::longValue).sum();
    }

    public double recordsPerSecond() {
        double s = elapsed.toNanos() / 1e9;
        return s > 0 ? records / s : records;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("Imported %d records from %d file(s) in %.1f s (%,.0f records/s):%n", records, files,
                elapsed.toMillis() / 1000.0, recordsPerSecond()));
        sb.append(String.format("  accepted plays      %,d%n", plays));
        sb.append(String.format("  skips (feedback)    %,d%n", skips));
        sb.append(String.format("  duplicates          %,d (imported before; not published again)%n", duplicates));
        sb.append(String.format("  excluded            %,d (podcasts %d, audiobooks %d, video %d)%n", excludedTotal(),
                excluded.getOrDefault(ExcludedKind.PODCAST, 0L), excluded.getOrDefault(ExcludedKind.AUDIOBOOK, 0L),
                excluded.getOrDefault(ExcludedKind.VIDEO, 0L)));
        sb.append(String.format("  rejected            %,d%n", rejected));
        rejectedByReason.forEach((reason, n) -> sb.append(String.format("    %,8d  %s%n", n, reason)));
        if (!firstProblems.isEmpty()) {
            sb.append("  first rejected records:\n");
            firstProblems.forEach(p -> sb.append("    ").append(p).append('\n'));
        }
        if (publishFailures > 0) {
            sb.append(String.format("  NOT PUBLISHED       %,d (Kafka refused: %s); run the import again to retry "
                    + "them%n", publishFailures, firstFailure));
        }
        return sb.toString();
    }
}
