package io.tastestream.taste.job;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RetainedCheckpointsTest {
    @TempDir
    Path dir;

    private Path checkpoint(String job, String chk, Instant metadataTime) throws IOException {
        Path c = Files.createDirectories(dir.resolve(job).resolve(chk));
        if (metadataTime != null) {
            Path metadata = Files.writeString(c.resolve("_metadata"), "x");
            Files.setLastModifiedTime(metadata, FileTime.from(metadataTime));
        }
        return c;
    }

    @Test
    void noDirectoryOrNoCompleteCheckpointMeansStartFresh() throws IOException {
        assertThat(RetainedCheckpoints.latest(dir.resolve("absent"))).isEmpty();
        checkpoint("job-a", "chk-1", null);
        Files.createDirectories(dir.resolve("job-a").resolve("shared"));
        assertThat(RetainedCheckpoints.latest(dir)).isEmpty();
    }

    @Test
    void picksTheNewestCompleteCheckpointAcrossRuns() throws IOException {
        checkpoint("job-a", "chk-40", Instant.parse("2024-05-01T10:00:00Z"));
        Path newest = checkpoint("job-b", "chk-3", Instant.parse("2024-05-02T10:00:00Z"));
        checkpoint("job-b", "chk-4", null); // still being written when the process stopped

        assertThat(RetainedCheckpoints.latest(dir)).contains(newest);
    }
}
