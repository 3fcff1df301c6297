package io.tastestream.ingest.spotify.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Spotify tokens per user, one JSON file each ({@code <dir>/<user>.json}) that only the owner can read or write
 * (0600, in a 0700 directory). Files are written to a temporary file with those permissions from the start and
 * moved into place, so a token is never readable by others, not even for a moment, and a crash leaves the old
 * file or the new one, never half of one.
 */
public final class TokenStore {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern SAFE_USER = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._@-]{0,127}");
    static final Set<PosixFilePermission> OWNER_ONLY_FILE = PosixFilePermissions.fromString("rw-------");
    static final Set<PosixFilePermission> OWNER_ONLY_DIR = PosixFilePermissions.fromString("rwx------");

    private final Path dir;

    public TokenStore(Path dir) {
        this.dir = dir;
    }

    /** {@code data.dir/spotify/tokens}. */
    public static TokenStore under(Path dataDir) {
        return new TokenStore(dataDir.resolve("spotify").resolve("tokens"));
    }

    public Path dir() {
        return dir;
    }

    public Path fileOf(String user) {
        return dir.resolve(checkUser(user) + ".json");
    }

    /** User ids become file names: letters, digits and {@code . _ @ -} only, so no id can point elsewhere. */
    public static String checkUser(String user) {
        if (user == null || !SAFE_USER.matcher(user).matches()) {
            throw new IllegalArgumentException("user id '" + user + "' cannot be used: letters, digits and . _ @ - "
                    + "only (at most 128, starting with a letter or digit)");
        }
        return user;
    }

    public void save(String user, SpotifyToken token) throws IOException {
        createPrivateDir();
        ObjectNode node = JSON.createObjectNode();
        node.put("access_token", token.accessToken());
        node.put("refresh_token", token.refreshToken());
        node.put("expires_at", token.expiresAt().toString());
        node.put("scope", token.scope());
        Path target = fileOf(user);
        Path tmp = createPrivateFile(dir.resolve(target.getFileName() + ".tmp"));
        Files.write(tmp, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node));
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
        // a fresh login lifts a "needs login" mark
        Files.deleteIfExists(markerOf(user));
    }

    /**
     * Notes that Spotify refused this user's refresh token, with why (no secret in it). The mark stays until the
     * next {@link #save} (a new login), so a restarted poller does not hammer the accounts service with a dead token.
     */
    public void markNeedsLogin(String user, String reason) throws IOException {
        createPrivateDir();
        Files.writeString(markerOf(user), reason);
    }

    /** Why the user must log in again, if so. */
    public Optional<String> needsLogin(String user) throws IOException {
        Path marker = markerOf(user);
        return Files.exists(marker) ? Optional.of(Files.readString(marker)) : Optional.empty();
    }

    private Path markerOf(String user) {
        return dir.resolve(checkUser(user) + ".needs-login");
    }

    public Optional<SpotifyToken> load(String user) throws IOException {
        Path file = fileOf(user);
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        JsonNode node;
        try {
            node = JSON.readTree(file.toFile());
            return Optional.of(new SpotifyToken(node.path("access_token").asText(null),
                    node.path("refresh_token").asText(null), Instant.parse(node.path("expires_at").asText()),
                    node.path("scope").asText(null)));
        } catch (RuntimeException | IOException e) {
            // the message names the file only: the content is secret
            throw new IOException("token file " + file + " is unreadable or damaged; log in again with "
                    + "'tastestream spotify login --user " + user + "'");
        }
    }

    /** Users with a token file, sorted. */
    public List<String> users() throws IOException {
        List<String> users = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return users;
        }
        try (Stream<Path> files = Files.list(dir)) {
            files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".json"))
                    .map(n -> n.substring(0, n.length() - ".json".length())).filter(u -> SAFE_USER.matcher(u).matches())
                    .sorted().forEach(users::add);
        }
        return users;
    }

    private void createPrivateDir() throws IOException {
        if (!Files.isDirectory(dir)) {
            Files.createDirectories(dir.getParent() == null ? dir : dir.getParent());
            try {
                Files.createDirectory(dir, posix(OWNER_ONLY_DIR));
            } catch (FileAlreadyExistsException raced) {
                // another process made it; permissions are enforced below
            }
        }
        if (posixSupported()) {
            Files.setPosixFilePermissions(dir, OWNER_ONLY_DIR);
        }
    }

    private static Path createPrivateFile(Path file) throws IOException {
        Files.deleteIfExists(file);
        return Files.createFile(file, posix(OWNER_ONLY_FILE));
    }

    private static FileAttribute<?>[] posix(Set<PosixFilePermission> perms) {
        return posixSupported() ? new FileAttribute<?>[]{PosixFilePermissions.asFileAttribute(perms)}
                : new FileAttribute<?>[0];
    }

    private static boolean posixSupported() {
        return java.nio.file.FileSystems.getDefault().supportedFileAttributeViews().contains("posix");
    }
}
