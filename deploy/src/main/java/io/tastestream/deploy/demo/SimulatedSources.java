package io.tastestream.deploy.demo;

import io.tastestream.core.event.PlayEvent;
import io.tastestream.deploy.process.ChildProcess;
import io.tastestream.deploy.process.LocalStack;
import io.tastestream.deploy.process.Readiness;
import io.tastestream.ingest.dataset.Dataset;
import io.tastestream.ingest.dataset.DatasetReader;
import io.tastestream.ingest.dataset.PlayRow;
import io.tastestream.ingest.dataset.UserArtist;
import io.tastestream.ingest.fake.lastfm.FakeLastfmApi;
import io.tastestream.ingest.fake.lastfm.FakeLastfmCommand;
import io.tastestream.ingest.fake.spotify.FakeListener;
import io.tastestream.ingest.fake.spotify.FakeSpotifyServer;
import io.tastestream.ingest.fake.spotify.FakeTrack;
import io.tastestream.ingest.replay.ReplayPlan;
import io.tastestream.ingest.replay.ReplayPlanner;
import io.tastestream.ingest.replay.ReplaySettings;
import io.tastestream.ingest.spotify.SpotifySettings;
import io.tastestream.ingest.spotify.auth.PkceLogin;
import io.tastestream.ingest.spotify.auth.SpotifyApis;
import io.tastestream.ingest.spotify.auth.SpotifyToken;
import io.tastestream.ingest.spotify.auth.TokenStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;

/**
 * The demo's simulated mode: the real Spotify poller and Last.fm tag poller, run exactly as
 * {@code ./tastestream spotify poll} and {@code ./tastestream tags} would run them, but against local fake APIs and
 * without credentials. A few listeners of the dataset get an account on a {@link FakeSpotifyServer} where they
 * "listen" to their own tracks as time goes by ({@link FakeListener}); they are signed in through the same PKCE code
 * as {@code spotify login}, with an HTTP client standing in for the browser; a {@link FakeLastfmApi} serves the
 * dataset's artist tags. The two pollers run as child JVMs of the {@link LocalStack}, so Ctrl-C stops them like the
 * other processes, before the broker goes.
 *
 * <p>Everything the pollers keep (tokens, poll cursors, tag cache) lives in a directory of its own that is emptied at
 * each start, as the demo's broker is: a cursor or a "published" mark that outlived its topic would make the pollers
 * skip plays and tags the fresh topic never had.
 */
public final class SimulatedSources implements AutoCloseable {
    /** An obviously fake client id: the fake Spotify accepts it, the real one never would. */
    public static final String FAKE_CLIENT_ID = FakeSpotifyServer.DEFAULT_CLIENT_ID;
    /** The fake Last.fm's key: a test key, not a secret. */
    public static final String FAKE_LASTFM_KEY = "fake-lastfm-key";
    public static final String POLLER_PROCESS = "spotify-poll";
    public static final String TAGS_PROCESS = "tags";
    static final String CLI_MODULE = "deploy";
    static final String CLI_MAIN = "io.tastestream.cli.TastestreamCli";

    /**
     * @param listeners    how many of the dataset's first users get a fake Spotify account
     * @param listenEvery  each listener finishes one track this often
     * @param pollInterval {@code spotify.poll-interval} of the simulated poller
     */
    public record Options(int listeners, Duration listenEvery, Duration pollInterval, long seed) {
        public static Options demo() {
            // poll interval 10 s: 'spotify poll' waits for its next scheduled round when asked to stop, and must
            // be done within the stack's 15 s grace
            return new Options(3, Duration.ofSeconds(10), Duration.ofSeconds(10), 42);
        }
    }

    /** What {@link #start} started, for the demo's messages. */
    public record Started(List<String> users, ChildProcess poller, ChildProcess tags) {
    }

    private final Path stateDir;
    private final Options options;
    private final FakeSpotifyServer spotify;
    private final FakeLastfmApi lastfm;
    private final List<FakeListener> listeners = new CopyOnWriteArrayList<>();

    private SimulatedSources(Path stateDir, Options options, FakeSpotifyServer spotify, FakeLastfmApi lastfm) {
        this.stateDir = stateDir;
        this.options = options;
        this.spotify = spotify;
        this.lastfm = lastfm;
    }

    /** Empties {@code stateDir} and starts the two fake APIs on free loopback ports (milliseconds, no data yet). */
    public static SimulatedSources startFakes(Path stateDir, Options options) throws IOException {
        deleteRecursively(stateDir);
        Files.createDirectories(stateDir);
        FakeSpotifyServer spotify = FakeSpotifyServer.start().withClientId(FAKE_CLIENT_ID);
        try {
            return new SimulatedSources(stateDir, options, spotify, FakeLastfmApi.start(FAKE_LASTFM_KEY));
        } catch (IOException | RuntimeException e) {
            spotify.close();
            throw e;
        }
    }

    public String spotifyUrl() {
        return spotify.baseUrl();
    }

    public String lastfmUrl() {
        return lastfm.url();
    }

    public Path stateDir() {
        return stateDir;
    }

    /**
     * Seeds the fakes from the dataset, starts the listeners, signs them in and starts {@code spotify poll} and
     * {@code tags} as child JVMs (not waiting for them). Takes a few seconds (reading the dataset); the demo runs
     * it in the background.
     *
     * @param configFile the demo's effective settings (broker); the fake endpoints are added with {@code --set}
     */
    public Started start(Path dataset, Path configFile, LocalStack stack) throws Exception {
        Dataset data = new DatasetReader().read(dataset);
        List<String> users = firstUsers(data, options.listeners());
        if (users.isEmpty()) {
            throw new IllegalStateException("no listeners in " + dataset);
        }
        // Last.fm knows every artist of the dataset (the tag poller asks for all artists in plays, replayed or
        // polled); scrobbles only for the simulated listeners, which keeps HetRec's 1.3 million plays out of memory.
        ReplayPlan all = ReplayPlanner.plan(data, ReplaySettings.defaults().withProgress(false));
        FakeLastfmCommand.seedArtistTags(lastfm, all.tagEvents());
        ReplayPlan mine = ReplayPlanner.plan(data, ReplaySettings.defaults().withProgress(false)
                .withUsers(new LinkedHashSet<>(users)));
        FakeLastfmCommand.seedScrobbles(lastfm, mine);

        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            List<FakeTrack> tracks = tracksOf(mine, user);
            if (!tracks.isEmpty()) {
                listeners.add(FakeListener.start(spotify.account(user), tracks, options.listenEvery(),
                        options.seed() + i));
            }
        }
        signIn(users);

        List<String> common = List.of("--config", configFile.toString(),
                "--set", "data.dir=" + stateDir,
                "--set", SpotifySettings.CLIENT_ID + "=" + FAKE_CLIENT_ID,
                "--set", SpotifySettings.API_URL + "=" + spotify.apiUrl(),
                "--set", SpotifySettings.ACCOUNTS_URL + "=" + spotify.accountsUrl(),
                "--set", SpotifySettings.POLL_INTERVAL + "=" + options.pollInterval(),
                "--set", "lastfm.api-url=" + lastfm.url(),
                "--set", "lastfm.api-key=" + FAKE_LASTFM_KEY);
        List<String> pollArgs = new ArrayList<>(List.of("spotify", "poll", "--users", String.join(",", users)));
        pollArgs.addAll(common);
        // Track tags: the fake has none (neither has the dataset), and asking would halve the artist-tag rate.
        List<String> tagArgs = new ArrayList<>(List.of("tags", "--no-track-tags"));
        tagArgs.addAll(common);
        ChildProcess poller = stack.startModule(POLLER_PROCESS, CLI_MODULE, CLI_MAIN, pollArgs, Readiness.started(),
                Duration.ZERO);
        ChildProcess tags = stack.startModule(TAGS_PROCESS, CLI_MODULE, CLI_MAIN, tagArgs, Readiness.started(),
                Duration.ZERO);
        return new Started(users, poller, tags);
    }

    /**
     * Signs each user in as {@code spotify login} does (PKCE: authorise URL, loopback callback, code exchange,
     * owner-only token file), with an HTTP client following the fake's redirect where a person would use a browser.
     */
    void signIn(List<String> users) throws Exception {
        int callbackPort = freePort();
        SpotifySettings settings = new SpotifySettings(FAKE_CLIENT_ID, URI.create(spotify.apiUrl()),
                URI.create(spotify.accountsUrl()), URI.create("http://127.0.0.1:" + callbackPort + "/callback"),
                options.pollInterval(), Duration.ofSeconds(10), stateDir);
        TokenStore store = TokenStore.under(stateDir);
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NORMAL)
                .connectTimeout(Duration.ofSeconds(5)).build();
        for (String user : users) {
            spotify.authorizeAs(user); // the account "logged in" in the browser
            try (PkceLogin login = new PkceLogin(new SpotifyApis(settings), Clock.systemUTC())) {
                URI authorize = login.begin();
                HttpResponse<Void> answer = browser.send(HttpRequest.newBuilder(authorize)
                        .timeout(Duration.ofSeconds(10)).GET().build(), HttpResponse.BodyHandlers.discarding());
                if (answer.statusCode() != 200) {
                    throw new IOException("simulated sign-in of '" + user + "': the callback answered "
                            + answer.statusCode());
                }
                SpotifyToken token = login.awaitToken(Duration.ofSeconds(10));
                store.save(user, token);
            }
        }
    }

    /** The first {@code n} listeners in file order: plays.tsv's users if there is one, else user_artists'. */
    static List<String> firstUsers(Dataset data, int n) {
        Set<String> users = new LinkedHashSet<>();
        if (data.hasPlayFile()) {
            for (PlayRow row : data.plays()) {
                if (users.size() >= n) {
                    break;
                }
                users.add(row.userId());
            }
        } else {
            for (UserArtist ua : data.userArtists()) {
                if (users.size() >= n) {
                    break;
                }
                users.add(Integer.toString(ua.userId()));
            }
        }
        return List.copyOf(users);
    }

    /** The distinct tracks a user played in the dataset: what their fake account plays now. */
    static List<FakeTrack> tracksOf(ReplayPlan plan, String user) {
        Set<FakeTrack> tracks = new LinkedHashSet<>();
        for (int i = 0; i < plan.plays().size(); i++) {
            PlayEvent p = plan.plays().get(i);
            if (p.userId().equals(user)) {
                tracks.add(new FakeTrack(p.artist(), p.track(), p.album(), 0));
            }
        }
        return List.copyOf(tracks);
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    /** Stops the listeners and the fake APIs (the pollers are the stack's to stop, before this). */
    @Override
    public void close() {
        listeners.forEach(FakeListener::close);
        spotify.close();
        lastfm.close();
    }
}
