package io.tastestream.core.dataset;

import java.nio.file.Path;

/** A line of an input file that was skipped, and why. Prints as {@code file:line: reason}. */
public record LineIssue(Path file, long line, String reason) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + reason;
    }
}
