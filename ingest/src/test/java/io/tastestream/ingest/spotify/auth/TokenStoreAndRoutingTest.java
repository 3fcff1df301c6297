package io.tastestream.ingest.spotify.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenStoreAndRoutingTest {
    @TempDir
    Path dir;

    @Test
    void userIdsCannotEscapeTheTokenDirectory() {
        TokenStore store = TokenStore.under(dir);
        assertThatThrownBy(() -> store.fileOf("../../etc/passwd")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("cannot be used");
        assertThatThrownBy(() -> store.fileOf("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(store.fileOf("alice.smith@example").getParent()).isEqualTo(store.dir());
    }

    @Test
    void aDamagedTokenFileIsReportedByNameWithoutItsContent() throws Exception {
        TokenStore store = TokenStore.under(dir);
        store.save("eve", new SpotifyToken("secret-access", "secret-refresh", Instant.now(), "s"));
        Files.writeString(store.fileOf("eve"), "{\"access_token\":\"secret-access\",\"expires_at\":\"soon\"}");
        assertThatThrownBy(() -> store.load("eve")).hasMessageContaining(store.fileOf("eve").toString())
                .hasMessageContaining("spotify login --user eve").hasMessageNotContaining("secret-access");
        assertThat(store.users()).containsExactly("eve");
    }

    @Test
    void tokenRequestsGoToTheConfiguredAccountsServiceAndApiRequestsStay() {
        RoutingHttpManager http = new RoutingHttpManager(URI.create("http://127.0.0.1:4567/"), Duration.ofSeconds(1));
        assertThat(http.route(URI.create("https://accounts.spotify.com:443/api/token")))
                .isEqualTo(URI.create("http://127.0.0.1:4567/api/token"));
        assertThat(http.route(URI.create("https://api.spotify.com:443/v1/me/player/recently-played?limit=50")))
                .isEqualTo(URI.create("https://api.spotify.com:443/v1/me/player/recently-played?limit=50"));
    }

    @Test
    void spotifyErrorBodiesAreQuotedOnlyByTheirErrorFields() {
        assertThat(RoutingHttpManager.errorMessage("{\"error\":\"invalid_grant\",\"error_description\":\"Refresh token revoked\"}"))
                .isEqualTo(" invalid_grant (Refresh token revoked)");
        assertThat(RoutingHttpManager.errorMessage("{\"error\":{\"status\":401,\"message\":\"The access token expired\"}}"))
                .isEqualTo(" The access token expired");
        assertThat(RoutingHttpManager.errorMessage("<html>access_token=abc</html>")).isEmpty();
    }
}
