package io.tastestream.taste.job;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Finds the newest complete checkpoint a previous run left behind, so a restarted local job resumes its taste state
 * (and Kafka offsets) instead of starting empty. Flink lays checkpoints out as {@code DIR/<job id>/chk-<n>/} and
 * writes {@code _metadata} last, so a directory without it is an unfinished checkpoint and is skipped.
 */
public final class RetainedCheckpoints {
    private RetainedCheckpoints() {}

    public static Optional<Path> latest(Path checkpointsDir) {
        if (!Files.isDirectory(checkpointsDir)) {
            return Optional.empty();
        }
        try (Stream<Path> jobs = Files.list(checkpointsDir)) {
            return jobs.filter(Files::isDirectory)
                    .flatMap(RetainedCheckpoints::completeCheckpoints)
                    .max(Comparator.comparing(RetainedCheckpoints::metadataTime));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + checkpointsDir + ": " + e.getMessage(), e);
        }
    }

    private static Stream<Path> completeCheckpoints(Path jobDir) {
        try (Stream<Path> children = Files.list(jobDir)) {
            return children
                    .filter(p -> p.getFileName().toString().startsWith("chk-"))
                    .filter(p -> Files.isRegularFile(p.resolve("_metadata")))
                    .toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list checkpoints in " + jobDir + ": " + e.getMessage(), e);
        }
    }

    private static FileTime metadataTime(Path checkpoint) {
        try {
            return Files.getLastModifiedTime(checkpoint.resolve("_metadata"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + checkpoint.resolve("_metadata") + ": " + e.getMessage(), e);
        }
    }
}
