package io.tastestream.core.dataset;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes small HetRec-format directories for tests: each method takes data lines, the header is added. */
public final class HetRecFiles {
    private final Path dir;

    public HetRecFiles(Path dir) {
        this.dir = dir;
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public Path dir() {
        return dir;
    }

    public HetRecFiles artists(String... lines) {
        return write(HetRecReader.ARTISTS, StandardCharsets.UTF_8, "id\tname\turl\tpictureURL", lines);
    }

    public HetRecFiles tags(String... lines) {
        return write(HetRecReader.TAGS, StandardCharsets.ISO_8859_1, "tagID\ttagValue", lines);
    }

    public HetRecFiles userArtists(String... lines) {
        return write(HetRecReader.USER_ARTISTS, StandardCharsets.UTF_8, "userID\tartistID\tweight", lines);
    }

    public HetRecFiles tagged(String... lines) {
        return write(HetRecReader.USER_TAGGED_ARTISTS, StandardCharsets.UTF_8,
                "userID\tartistID\ttagID\tday\tmonth\tyear", lines);
    }

    public HetRecFiles friends(String... lines) {
        return write(HetRecReader.USER_FRIENDS, StandardCharsets.UTF_8, "userID\tfriendID", lines);
    }

    private HetRecFiles write(String name, Charset charset, String header, String... lines) {
        try {
            Files.writeString(dir.resolve(name), header + "\n" + String.join("\n", lines) + "\n", charset);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }
}
