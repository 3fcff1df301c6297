package io.tastestream.taste.testing;

import java.util.concurrent.TimeUnit;
import org.apache.flink.core.execution.JobClient;

/** Stopping a job a test started. */
public final class Jobs {
    private Jobs() {}

    /**
     * Cancels the job and waits until it has ended. {@code cancel()} only says the request was accepted: tasks (and an
     * asynchronous checkpoint) may still be writing into a test's temporary directory, which JUnit then fails to
     * delete. The job's result completes (exceptionally, as cancelled) once it has ended, whether it ran on a shared
     * MiniCluster or on one of its own that shuts down with it.
     */
    public static void cancelAndWait(JobClient job) throws Exception {
        job.cancel().get(1, TimeUnit.MINUTES);
        job.getJobExecutionResult().handle((result, failure) -> null).get(1, TimeUnit.MINUTES);
    }
}
