package io.tastestream.taste.testing;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.flink.api.common.JobStatus;
import org.apache.flink.core.execution.JobClient;

/** Stopping a job a test started. */
public final class Jobs {
    private Jobs() {}

    /**
     * Cancels the job and waits until it has reached a terminal state. {@code cancel()} only says the request was
     * accepted: tasks (and an asynchronous checkpoint) may still be writing into a test's temporary directory,
     * which JUnit then fails to delete.
     */
    public static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get(1, TimeUnit.MINUTES);
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        JobStatus status = job.getJobStatus().get(1, TimeUnit.MINUTES);
        while (!status.isGloballyTerminalState()) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("job " + job.getJobID() + " still " + status + " a minute after cancel");
            }
            Thread.sleep(50);
            status = job.getJobStatus().get(1, TimeUnit.MINUTES);
        }
    }
}
