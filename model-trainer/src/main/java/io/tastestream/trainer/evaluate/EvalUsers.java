package io.tastestream.trainer.evaluate;

import io.tastestream.core.dataset.HetRecReader;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code --eval-users-from DIR}: every user id in the directory's user_artists.dat or user_taggedartists.dat (first
 * column, after the header line). Only ids are read, so a held-out copy needs no artist or tag tables.
 */
public final class EvalUsers {
    private EvalUsers() {}

    public static Set<Integer> read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("--eval-users-from " + dir + ": no such directory");
        }
        Set<Integer> users = new TreeSet<>();
        boolean any = false;
        for (String name : new String[] {HetRecReader.USER_ARTISTS, HetRecReader.USER_TAGGED_ARTISTS}) {
            Path file = dir.resolve(name);
            if (!Files.isRegularFile(file)) {
                continue;
            }
            any = true;
            try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                String line;
                long n = 0;
                while ((line = r.readLine()) != null) {
                    n++;
                    if (n == 1 || line.isBlank()) {
                        continue; // header
                    }
                    String first = line.split("\t", 2)[0].strip();
                    try {
                        users.add(Integer.parseInt(first));
                    } catch (NumberFormatException e) {
                        throw new IllegalArgumentException(file + ":" + n + ": userID is not an integer: '" + first
                                + "'");
                    }
                }
            }
        }
        if (!any) {
            throw new IllegalArgumentException("--eval-users-from " + dir + ": neither " + HetRecReader.USER_ARTISTS
                    + " nor " + HetRecReader.USER_TAGGED_ARTISTS + " found");
        }
        return users;
    }
}
