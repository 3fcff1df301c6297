package io.tastestream.ingest.fake.lastfm;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.ingest.dataset.DatasetReader;
import io.tastestream.ingest.lastfm.LastfmClient;
import io.tastestream.ingest.lastfm.LastfmOutcome;
import io.tastestream.ingest.lastfm.RecentTracksPage;
import io.tastestream.ingest.replay.ReplayPlan;
import io.tastestream.ingest.replay.ReplayPlanner;
import io.tastestream.ingest.replay.ReplaySettings;
import io.tastestream.ingest.synthetic.SyntheticDatasetWriter;
import io.tastestream.ingest.synthetic.SyntheticGenerator;
import io.tastestream.ingest.synthetic.SyntheticSettings;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The demo's seeding: a synthetic dataset served as Last.fm scrobbles and top tags. */
class FakeLastfmSeedTest {

    @TempDir
    Path dir;

    @Test
    void aSyntheticDatasetBecomesScrobblesAndTopTags() throws Exception {
        SyntheticDatasetWriter.write(SyntheticGenerator.generate(new SyntheticSettings(3, 7, 20, 30, 30)), dir);
        ReplayPlan plan = ReplayPlanner.plan(new DatasetReader().read(dir), ReplaySettings.defaults()
                .withProgress(false));
        try (FakeLastfmApi fake = FakeLastfmApi.start("k")) {
            int scrobbles = FakeLastfmCommand.seed(fake, plan);
            assertThat(scrobbles).isEqualTo(plan.plays().size()).isPositive();
            assertThat(fake.users()).hasSize(3);

            LastfmClient client = new LastfmClient(fake.url(), "k", "t");
            String user = fake.users().get(0);
            LastfmOutcome<RecentTracksPage> page = client.recentTracks(user, 1, 200, 0, 0);
            assertThat(page.isOk()).isTrue();
            assertThat(page.value().total()).isPositive();
            String artist = page.value().rows().get(0).artist();
            var tags = client.artistTopTags(artist);
            assertThat(tags.isOk()).as(tags.message()).isTrue();
            assertThat(tags.value()).isNotEmpty();
            assertThat(tags.value().get(0).getCount()).isEqualTo(100);
        }
    }
}
