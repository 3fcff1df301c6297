package io.tastestream.ingest.replay;

import java.time.Duration;
import java.util.Set;

/**
 * How to replay.
 *
 * @param ratePerSecond     plays per second; 0 or less = as fast as the broker takes them (tags always go at full
 *                          speed: they are item knowledge the plays need, not listening)
 * @param limit             at most this many plays (the earliest); 0 or less = all
 * @param users             only these user ids (as they appear on the plays topic); empty = everyone
 * @param progress          draw a progress bar on stderr
 * @param synthesisWindow   for HetRec without plays.tsv: plays made up from play counts are spread over this
 *                          long, ending the day after the last tag assignment
 */
public record ReplaySettings(double ratePerSecond, long limit, Set<String> users, boolean progress,
                             Duration synthesisWindow) {

    public static final Duration DEFAULT_SYNTHESIS_WINDOW = Duration.ofDays(90);

    public ReplaySettings {
        users = users == null ? Set.of() : Set.copyOf(users);
        if (synthesisWindow == null) {
            synthesisWindow = DEFAULT_SYNTHESIS_WINDOW;
        }
        if (synthesisWindow.toSeconds() < 1 || synthesisWindow.toSeconds() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("synthesis window must be between 1 second and 68 years, was "
                    + synthesisWindow);
        }
        if (Double.isNaN(ratePerSecond)) {
            throw new IllegalArgumentException("rate must be a number");
        }
    }

    /** Everything, as fast as possible, no progress bar. */
    public static ReplaySettings defaults() {
        return new ReplaySettings(0, 0, Set.of(), false, DEFAULT_SYNTHESIS_WINDOW);
    }

    public ReplaySettings withRate(double eventsPerSecond) {
        return new ReplaySettings(eventsPerSecond, limit, users, progress, synthesisWindow);
    }

    public ReplaySettings withLimit(long maxPlays) {
        return new ReplaySettings(ratePerSecond, maxPlays, users, progress, synthesisWindow);
    }

    public ReplaySettings withUsers(Set<String> userIds) {
        return new ReplaySettings(ratePerSecond, limit, userIds, progress, synthesisWindow);
    }

    public ReplaySettings withProgress(boolean show) {
        return new ReplaySettings(ratePerSecond, limit, users, show, synthesisWindow);
    }

    public ReplaySettings withSynthesisWindow(Duration window) {
        return new ReplaySettings(ratePerSecond, limit, users, progress, window);
    }

    boolean limited() {
        return limit > 0;
    }

    boolean selectsUser(String userId) {
        return users.isEmpty() || users.contains(userId);
    }
}
