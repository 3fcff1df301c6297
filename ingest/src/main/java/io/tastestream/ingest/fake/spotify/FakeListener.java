package io.tastestream.ingest.fake.spotify;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Makes a fake Spotify account "listen": every {@code every}, one of its tracks (chosen with a seeded random, so a
 * demo run is repeatable) is appended to its history as just finished. For the demo's simulated mode, where the
 * real poller polls the fake.
 *
 * <pre>{@code
 * try (FakeListener l = FakeListener.start(spotify.account("synthetic-01"), tracks, Duration.ofSeconds(5), 42)) {...}
 * }</pre>
 */
public final class FakeListener implements AutoCloseable {
    private final ScheduledExecutorService timer;

    private FakeListener(ScheduledExecutorService timer) {
        this.timer = timer;
    }

    public static FakeListener start(FakeSpotifyServer.FakeAccount account, List<FakeTrack> tracks, Duration every,
                                     long seed) {
        if (tracks.isEmpty()) {
            throw new IllegalArgumentException("a listener needs tracks to play");
        }
        Random random = new Random(seed);
        ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "fake-listener-" + account.name());
            t.setDaemon(true);
            return t;
        });
        timer.scheduleAtFixedRate(() -> account.play(tracks.get(random.nextInt(tracks.size())), Instant.now()),
                0, every.toMillis(), TimeUnit.MILLISECONDS);
        return new FakeListener(timer);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }
}
