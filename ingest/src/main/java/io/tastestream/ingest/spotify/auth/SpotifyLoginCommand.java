package io.tastestream.ingest.spotify.auth;

import io.tastestream.core.config.ConfigOptions;
import io.tastestream.ingest.spotify.SpotifySettings;
import java.io.PrintWriter;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code tastestream spotify login --user ID}. */
@Command(name = "login", mixinStandardHelpOptions = true,
        description = "Connect a user's Spotify account (OAuth authorization code with PKCE): prints a URL to "
                + "open in a browser, catches Spotify's redirect on the loopback port of spotify.redirect-uri, and "
                + "stores the tokens in data.dir/spotify/tokens/<user>.json, readable by you only.")
public final class SpotifyLoginCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--user", required = true, paramLabel = "ID", description = "tastestream user id.")
    String user;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "300",
            description = "How long to wait for the browser (default: ${DEFAULT-VALUE}).")
    long timeoutSeconds;

    @Mixin
    ConfigOptions config = new ConfigOptions();

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        try {
            TokenStore.checkUser(user);
            SpotifySettings settings = SpotifySettings.from(config.load());
            settings.requireClientId();
            TokenStore store = TokenStore.under(settings.dataDir());
            try (PkceLogin login = new PkceLogin(new SpotifyApis(settings), Clock.systemUTC())) {
                URI url = login.begin();
                out.println("Open this URL in a browser and allow access:");
                out.println();
                out.println("  " + url);
                out.println();
                out.println("Waiting for Spotify to redirect to " + settings.redirectUri() + " ...");
                out.flush();
                SpotifyToken token = login.awaitToken(Duration.ofSeconds(timeoutSeconds));
                store.save(user, token);
                out.println("Logged in: tokens for '" + user + "' stored in " + store.fileOf(user)
                        + " (owner-only). 'tastestream spotify poll' will now poll this user.");
                return 0;
            }
        } catch (Exception e) {
            err.println("login failed: " + e.getMessage());
            return 1;
        }
    }
}
