package io.tastestream.ingest.spotify.poll;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.tastestream.core.serde.Json;
import io.tastestream.ingest.spotify.auth.TokenStore;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Poll state per user in {@code <dir>/<user>.json}. Each save goes to a temporary file, is forced to disk and then
 * atomically renamed over the old one: after a crash (or kill -9) the file holds the old state or the new one,
 * whole. The poller's exactly-once guarantee rests on that.
 */
public final class PollStateStore {
    private static final ObjectMapper JSON = Json.mapper();

    private final Path dir;

    public PollStateStore(Path dir) {
        this.dir = dir;
    }

    /** {@code data.dir/spotify/poll}. */
    public static PollStateStore under(Path dataDir) {
        return new PollStateStore(dataDir.resolve("spotify").resolve("poll"));
    }

    public PollState load(String user) throws IOException {
        Path file = fileOf(user);
        if (!Files.exists(file)) {
            return PollState.INITIAL;
        }
        try {
            return JSON.readValue(file.toFile(), PollState.class);
        } catch (IOException e) {
            throw new IOException("poll state " + file + " is damaged (" + e.getMessage() + "); move it "
                    + "away to start this user from Spotify's last 50 plays", e);
        }
    }

    public void save(String user, PollState state) throws IOException {
        Files.createDirectories(dir);
        Path target = fileOf(user);
        Path tmp = dir.resolve(target.getFileName() + ".tmp");
        Files.write(tmp, JSON.writeValueAsBytes(state));
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
            ch.force(true);
        }
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    Path fileOf(String user) {
        return dir.resolve(TokenStore.checkUser(user) + ".json");
    }
}
