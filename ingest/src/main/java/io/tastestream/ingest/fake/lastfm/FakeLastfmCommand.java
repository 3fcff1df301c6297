package io.tastestream.ingest.fake.lastfm;

import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.ingest.dataset.DatasetReader;
import io.tastestream.ingest.replay.ReplayPlan;
import io.tastestream.ingest.replay.ReplayPlanner;
import io.tastestream.ingest.replay.ReplaySettings;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code tastestream fake-lastfm --data DIR}: serves a dataset as a local Last.fm API, for the demo's simulated
 * mode and for trying {@code import lastfm} and {@code tags} without an API key. Each listener's plays become their
 * scrobbles, each artist's tags its top tags.
 */
@Command(name = "fake-lastfm", mixinStandardHelpOptions = true,
        description = "Serve a dataset (HetRec / synthetic directory or Last.fm-1K file) as a local fake Last.fm API "
                + "until Ctrl-C: user.getRecentTracks from its plays, artist.getTopTags from its tags. Point "
                + "lastfm.api-url at the printed URL and use the printed API key.")
public final class FakeLastfmCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "DIR", description = "Dataset directory or file.")
    Path data;

    @Option(names = "--port", defaultValue = "0", paramLabel = "PORT",
            description = "Port on 127.0.0.1 (0: any free port). Default: ${DEFAULT-VALUE}.")
    int port;

    @Option(names = "--api-key", defaultValue = "fake-lastfm-key", paramLabel = "KEY",
            description = "The API key the fake accepts (others get error 10). Default: ${DEFAULT-VALUE}.")
    String apiKey;

    @Option(names = "--users", split = ",", paramLabel = "ID", description = "Only these listeners.")
    List<String> users = List.of();

    @Option(names = "--limit", paramLabel = "N", description = "At most N scrobbles in all (the earliest).")
    long limit;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        ReplayPlan plan = ReplayPlanner.plan(new DatasetReader().read(data), ReplaySettings.defaults()
                .withLimit(limit).withUsers(new LinkedHashSet<>(users)).withProgress(false));
        try (FakeLastfmApi fake = FakeLastfmApi.start(apiKey, port)) {
            int scrobbles = seed(fake, plan);
            out.println("Fake Last.fm API on " + fake.url() + " (API key '" + apiKey + "', a test key, not a secret): "
                    + fake.users().size() + " users, " + scrobbles + " scrobbles, " + plan.tagEvents().size()
                    + " artists with tags. Ctrl-C stops.");
            out.println("  e.g. tastestream import lastfm " + (fake.users().isEmpty() ? "USER" : fake.users().get(0))
                    + " --set lastfm.api-url=" + fake.url() + " --set lastfm.api-key=" + apiKey);
            out.flush();
            CountDownLatch forever = new CountDownLatch(1);
            Runtime.getRuntime().addShutdownHook(new Thread(forever::countDown, "fake-lastfm-shutdown"));
            forever.await();
        }
        return 0;
    }

    /**
     * Loads a replay plan into the fake: plays become scrobbles (at their event time), artist tags become top
     * tags scaled so the strongest is 100, as Last.fm's counts are. Returns the number of scrobbles.
     */
    public static int seed(FakeLastfmApi fake, ReplayPlan plan) {
        int n = seedScrobbles(fake, plan);
        seedArtistTags(fake, plan.tagEvents());
        return n;
    }

    /** The plan's plays as scrobbles (at their event time). Returns the number of scrobbles. */
    public static int seedScrobbles(FakeLastfmApi fake, ReplayPlan plan) {
        int n = 0;
        for (int i = 0; i < plan.plays().size(); i++) {
            PlayEvent p = plan.plays().get(i);
            fake.addScrobble(p.userId(), p.artist(), p.track(), p.album(), p.playedAt());
            n++;
        }
        return n;
    }

    /** Artist tags as top tags, scaled so the strongest is 100, as Last.fm's counts are. */
    public static void seedArtistTags(FakeLastfmApi fake, List<ItemTagsEvent> tagEvents) {
        for (ItemTagsEvent e : tagEvents) {
            if (!e.item().isArtist() || e.tags().isEmpty()) {
                continue;
            }
            double top = e.tags().stream().mapToDouble(WeightedTag::weight).max().orElse(1);
            Map<String, Integer> tags = new LinkedHashMap<>();
            for (WeightedTag t : e.tags()) {
                tags.put(t.tag(), (int) Math.round(100 * t.weight() / (top > 0 ? top : 1)));
            }
            fake.setArtistTags(e.item().artist(), tags);
        }
    }
}
