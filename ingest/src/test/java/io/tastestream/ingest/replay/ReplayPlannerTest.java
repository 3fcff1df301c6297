package io.tastestream.ingest.replay;

import static org.assertj.core.api.Assertions.assertThat;

import io.tastestream.core.testing.SharedData;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.ingest.dataset.Dataset;
import io.tastestream.ingest.dataset.DatasetReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReplayPlannerTest {

    @TempDir
    Path dir;

    private void writeHetRec(boolean withPlays) throws Exception {
        Files.writeString(dir.resolve("artists.dat"), "id\tname\turl\tpictureURL\n1\tMogwai\t\t\n2\tSigur Rós\t\t\n"
                + "3\tAutechre\t\t\n");
        Files.writeString(dir.resolve("tags.dat"), "tagID\ttagValue\n1\tpost-rock\n2\tambient\n3\tscottish\n");
        Files.writeString(dir.resolve("user_artists.dat"), "userID\tartistID\tweight\n"
                + "7\t1\t1\n7\t2\t10\n8\t1\t352698\n8\t3\t100\n");
        Files.writeString(dir.resolve("user_taggedartists.dat"), "userID\tartistID\ttagID\tday\tmonth\tyear\n"
                + "7\t1\t1\t1\t5\t2009\n8\t1\t1\t1\t6\t2010\n9\t1\t3\t1\t6\t2010\n8\t1\t2\t1\t6\t2010\n"
                + "9\t1\t1\t1\t6\t2010\n7\t2\t2\t9\t5\t2011\n");
        if (withPlays) {
            Files.writeString(dir.resolve("plays.tsv"),
                    "u1\t2009-05-04T23:08:57Z\t\tMogwai\t\tAuto Rock\n"
                    + "u1\t2009-05-04T22:00:00Z\t\tSigur Rós\t\t\n"
                    + "u2\t2009-05-04T22:30:00Z\t\tMogwai\t\tFriend of the Night\n");
        }
    }

    @Test
    void synthesisesCappedDeterministicPlaysFromHetRecCounts() throws Exception {
        writeHetRec(false);
        Dataset data = new DatasetReader().read(dir);
        ReplayPlan plan = ReplayPlanner.plan(data, ReplaySettings.defaults());

        // 1 -> 1, 10 -> 1+round(3 ln 10)=8, 352698 -> 39, 100 -> 15
        assertThat(ReplayPlanner.SynthesisedPlays.playsFor(1)).isEqualTo(1);
        assertThat(ReplayPlanner.SynthesisedPlays.playsFor(10)).isEqualTo(8);
        assertThat(ReplayPlanner.SynthesisedPlays.playsFor(352_698)).isEqualTo(39);
        List<PlayEvent> plays = all(plan.plays());
        assertThat(plays).hasSize(1 + 8 + 39 + 15);
        assertThat(plays.stream().filter(p -> p.userId().equals("8") && p.artist().equals("Mogwai"))).hasSize(39);
        assertThat(plan.playsNote()).startsWith("HetRec has no per-play timestamps: 63 plays synthesised from play "
                + "counts").contains("spread over the 90 days 2011-02-09T00:00:00Z .. 2011-05-10T00:00:00Z");

        // in time order, inside the 90 days before the day after the last tag date, no two plays of a pair share a second
        Instant end = Instant.parse("2011-05-10T00:00:00Z");
        for (int i = 1; i < plays.size(); i++) {
            assertThat(plays.get(i).playedAt()).isAfterOrEqualTo(plays.get(i - 1).playedAt());
        }
        assertThat(plays).allSatisfy(p -> assertThat(p.playedAt()).isBefore(end)
                .isAfterOrEqualTo(end.minus(java.time.Duration.ofDays(90))));
        assertThat(plays.stream().map(PlayEvent::playId).distinct().count()).isEqualTo(plays.size());
        assertThat(plays).allSatisfy(p -> {
            assertThat(p.source()).isEqualTo("hetrec");
            assertThat(p.track()).isEqualTo(ReplayPlanner.UNKNOWN_TRACK);
        });

        // deterministic
        assertThat(all(ReplayPlanner.plan(new DatasetReader().read(dir), ReplaySettings.defaults()).plays()))
                .isEqualTo(plays);

        // user filter and limit: the earliest plays of the selected users
        ReplayPlan limited = ReplayPlanner.plan(data, ReplaySettings.defaults().withUsers(Set.of("7")).withLimit(5));
        assertThat(limited.playsInData()).isEqualTo(9);
        assertThat(all(limited.plays())).hasSize(5).allSatisfy(p -> assertThat(p.userId()).isEqualTo("7"))
                .isEqualTo(plays.stream().filter(p -> p.userId().equals("7")).limit(5).toList());
        assertThat(limited.playsNote()).contains("replaying the first 5");
    }

    @Test
    void aggregatesTagAssignmentsPerArtist() throws Exception {
        writeHetRec(false);
        ReplayPlan plan = ReplayPlanner.plan(new DatasetReader().read(dir), ReplaySettings.defaults());
        assertThat(plan.tagEvents()).hasSize(2);
        ItemTagsEvent mogwai = plan.tagEvents().get(0);
        assertThat(mogwai.item().artist()).isEqualTo("Mogwai");
        assertThat(mogwai.tags()).containsExactly(new WeightedTag("post-rock", 3), new WeightedTag("ambient", 1),
                new WeightedTag("scottish", 1));
        assertThat(mogwai.source()).isEqualTo("hetrec");
        // dated at the first replayed play, so time-aligned consumers know the tags before the plays
        assertThat(mogwai.at()).isEqualTo(plan.firstPlayAt());
        assertThat(plan.tagEvents().get(1).item().key()).isEqualTo("sigur rós");
    }

    @Test
    void usesPlayFileTimesSortedAndTagsOnlyForPlayedArtistsWhenFiltered() throws Exception {
        writeHetRec(true);
        Dataset data = new DatasetReader().read(dir);
        ReplayPlan plan = ReplayPlanner.plan(data, ReplaySettings.defaults());
        assertThat(plan.playsNote()).isNull();
        List<PlayEvent> plays = all(plan.plays());
        assertThat(plays).extracting(PlayEvent::playedAt).containsExactly(Instant.parse("2009-05-04T22:00:00Z"),
                Instant.parse("2009-05-04T22:30:00Z"), Instant.parse("2009-05-04T23:08:57Z"));
        assertThat(plays.get(0).track()).isEqualTo(ReplayPlanner.UNKNOWN_TRACK);
        assertThat(plays).allSatisfy(p -> assertThat(p.source()).isEqualTo("lastfm-1k"));
        assertThat(plan.tagEvents()).hasSize(2);

        ReplayPlan onlyU2 = ReplayPlanner.plan(data, ReplaySettings.defaults().withUsers(Set.of("u2")));
        assertThat(all(onlyU2.plays())).extracting(PlayEvent::track).containsExactly("Friend of the Night");
        assertThat(onlyU2.tagEvents()).extracting(e -> e.item().artist()).containsExactly("Mogwai");
    }

    @Test
    void planOfTheRealHetRecStaysSmall() throws Exception {
        Dataset data = new DatasetReader().read(SharedData.hetrec());
        ReplayPlan plan = ReplayPlanner.plan(data, ReplaySettings.defaults().withLimit(2000));
        // 73,838 pairs with 56.7M plays in total become about a million events, not 56.7M
        assertThat(plan.playsInData()).isBetween(73_838L, 2_000_000L);
        assertThat(plan.plays().size()).isEqualTo(2000);
        Set<String> playedArtists = new HashSet<>();
        all(plan.plays()).forEach(p -> playedArtists.add(p.artist()));
        assertThat(plan.tagEvents()).isNotEmpty().allSatisfy(e -> {
            assertThat(playedArtists).contains(e.item().artist());
            assertThat(e.tags()).hasSizeLessThanOrEqualTo(ReplayPlanner.TOP_TAGS);
        });
        assertThat(plan.playsNote()).contains("56742606").contains("2011-05-10T00:00:00Z");
        Map<String, Integer> perUser = new HashMap<>();
        all(plan.plays()).forEach(p -> perUser.merge(p.userId(), 1, Integer::sum));
        assertThat(perUser.size()).isGreaterThan(100); // spread over time, so many users interleave
    }

    static List<PlayEvent> all(PlaySequence plays) {
        List<PlayEvent> out = new ArrayList<>();
        for (int i = 0; i < plays.size(); i++) {
            out.add(plays.get(i));
        }
        return out;
    }
}
