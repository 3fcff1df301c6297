package io.tastestream.ingest.lastfm;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * The outcome of one {@code import lastfm} run.
 *
 * @param accepted     plays published and acknowledged by Kafka in this run
 * @param duplicates   rows whose play id was already published in this run (Last.fm lists some scrobbles twice)
 * @param alreadyInKafka plays of a page that was being sent when the previous run died, found in Kafka and not
 *                     sent again
 * @param nowPlaying   now-playing rows skipped (not a scrobble yet; it is imported once scrobbled)
 * @param rejected     rows that could not become a play; {@code firstRejections} says why, with page and row
 * @param resumedAt    the page (counted from the oldest) this run started at, 1 for a fresh import
 * @param failure      why the run stopped early, or null when it completed
 */
public record ImportSummary(String lastfmUser, String userId, Instant from, Instant to, int pageCount,
                            int pagesDone, int resumedAt, long accepted, long duplicates, long alreadyInKafka,
                            long nowPlaying,
                            long rejected, Map<String, Long> rejectionReasons, List<String> firstRejections,
                            long throttled, long retries, Duration elapsed, String failure) {

    public boolean completed() {
        return failure == null && pagesDone >= pageCount;
    }

    public String describe() {
        StringBuilder sb = new StringBuilder();
        sb.append("Last.fm import of ").append(lastfmUser)
                .append(userId.equals(lastfmUser) ? "" : " (as " + userId + ")")
                .append(", scrobbles ").append(from).append(" .. ").append(to).append('\n');
        sb.append("  pages:      ").append(pagesDone).append(" of ").append(pageCount)
                .append(resumedAt > 1 ? " (resumed at page " + resumedAt + ")" : "").append('\n');
        sb.append("  accepted:   ").append(accepted).append('\n');
        sb.append("  duplicates: ").append(duplicates).append('\n');
        if (alreadyInKafka > 0) {
            sb.append("  already in Kafka from the interrupted run: ").append(alreadyInKafka).append('\n');
        }
        sb.append("  now playing skipped: ").append(nowPlaying).append('\n');
        sb.append("  rejected:   ").append(rejected);
        rejectionReasons.forEach((reason, n) -> sb.append("\n    ").append(n).append(" × ").append(reason));
        for (String r : firstRejections) {
            sb.append("\n    e.g. ").append(r);
        }
        sb.append('\n');
        if (throttled > 0 || retries > 0) {
            sb.append("  rate-limited answers: ").append(throttled).append(", retries: ").append(retries)
                    .append('\n');
        }
        sb.append("  took ").append(elapsed.toMillis()).append(" ms");
        if (failure != null) {
            sb.append("\n  STOPPED: ").append(failure)
                    .append("\n  Run the same command again to resume after the last page done.");
        }
        return sb.toString();
    }
}
