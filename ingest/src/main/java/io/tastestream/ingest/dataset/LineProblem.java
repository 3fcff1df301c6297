package io.tastestream.ingest.dataset;

import java.nio.file.Path;

/** A line that was skipped, with where it is and why, so a person can find and fix it. */
public record LineProblem(Path file, long line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
