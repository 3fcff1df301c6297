package io.tastestream.taste.job;

import io.tastestream.core.event.TasteSnapshot;
import java.util.List;
import java.util.Map;

/** Shares the "last snapshot per user" rule of {@link FailureRecoveryCorrectnessTest} with tests in other packages. */
public final class FailureRecoveryCorrectnessTestAccess {
    private FailureRecoveryCorrectnessTestAccess() {}

    public static Map<String, TasteSnapshot> lastPerUser(List<TasteSnapshot> snapshots) {
        return FailureRecoveryCorrectnessTest.lastPerUser(snapshots);
    }
}
