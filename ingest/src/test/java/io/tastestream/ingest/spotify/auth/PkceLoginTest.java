package io.tastestream.ingest.spotify.auth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.tastestream.ingest.fake.spotify.FakeSpotifyServer;
import io.tastestream.ingest.fake.spotify.FakeTrack;
import io.tastestream.ingest.spotify.SpotifySettings;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.model_objects.specification.PlayHistory;

/** The PKCE login against the fake accounts service, with the browser played by an HttpClient. */
class PkceLoginTest {
    static FakeSpotifyServer spotify;
    static final HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

    @TempDir
    Path dataDir;

    @BeforeAll
    static void start() throws Exception {
        spotify = FakeSpotifyServer.start();
    }

    @AfterAll
    static void stop() {
        spotify.close();
    }

    SpotifySettings settings() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort();
        }
        return new SpotifySettings(spotify.clientId(), URI.create(spotify.apiUrl()), URI.create(spotify.accountsUrl()),
                URI.create("http://127.0.0.1:" + port + "/callback"), Duration.ofMinutes(1), Duration.ofSeconds(5),
                dataDir);
    }

    /** What a browser does: open the URL, follow Spotify's redirect to the loopback callback. */
    static HttpResponse<String> browse(URI url) throws Exception {
        HttpResponse<String> atSpotify = browser.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(atSpotify.statusCode()).isEqualTo(302);
        URI callback = URI.create(atSpotify.headers().firstValue("Location").orElseThrow());
        return browser.send(HttpRequest.newBuilder(callback).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void loginCatchesTheCallbackExchangesTheCodeAndTheTokenWorks() throws Exception {
        spotify.authorizeAs("carol");
        spotify.account("carol").play(FakeTrack.of("Low", "Lullaby"), Instant.parse("2026-11-24T20:00:00Z"));
        SpotifySettings settings = settings();
        SpotifyApis apis = new SpotifyApis(settings);
        try (PkceLogin login = new PkceLogin(apis, Clock.systemUTC())) {
            URI url = login.begin();
            assertThat(url.toString()).startsWith(spotify.accountsUrl() + "/authorize?")
                    .contains("code_challenge_method=S256", "code_challenge=", "state=",
                            "scope=user-read-recently-played", "client_id=" + spotify.clientId());

            // a stray request with the wrong state is refused and does not end the login
            URI stray = URI.create(settings.redirectUri() + "?code=forged&state=wrong");
            assertThat(browser.send(HttpRequest.newBuilder(stray).build(), HttpResponse.BodyHandlers.ofString())
                    .statusCode()).isEqualTo(400);

            HttpResponse<String> page = browse(url);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("connected to your Spotify account");

            SpotifyToken token = login.awaitToken(Duration.ofSeconds(10));
            assertThat(token.refreshToken()).isNotBlank();
            assertThat(token.expiresAt()).isAfter(Instant.now().plus(Duration.ofMinutes(50)));

            PlayHistory[] items = apis.forToken(token).getCurrentUsersRecentlyPlayedTracks().limit(50).build()
                    .execute().getItems();
            assertThat(items).hasSize(1);
            assertThat(items[0].getTrack().getName()).isEqualTo("Lullaby");
        }
    }

    @Test
    void aCodeCannotBeExchangedWithoutTheVerifierAndErrorsCarryNoSecrets() throws Exception {
        spotify.authorizeAs("dave");
        SpotifySettings settings = settings();
        SpotifyApis apis = new SpotifyApis(settings);
        try (PkceLogin login = new PkceLogin(apis, Clock.systemUTC())) {
            HttpResponse<String> atSpotify = browser.send(HttpRequest.newBuilder(login.begin()).build(),
                    HttpResponse.BodyHandlers.ofString());
            String location = atSpotify.headers().firstValue("Location").orElseThrow();
            String code = location.replaceAll(".*[?&]code=([^&]+).*", "$1");
            // someone who caught the code but not the verifier gets nothing
            assertThatThrownBy(() -> apis.anonymous().authorizationCodePKCE(code, "not-the-verifier-" + "x".repeat(40))
                    .build().execute())
                    .isInstanceOf(BadRequestException.class)
                    .hasMessageContaining("invalid_grant")
                    .hasMessageNotContaining(code);
        }
    }
}
