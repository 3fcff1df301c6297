package io.tastestream.taste.testing;

import io.tastestream.core.testing.SharedData;
import io.tastestream.core.dataset.Dataset;
import io.tastestream.core.dataset.HetRecReader;
import io.tastestream.core.dataset.TagAssignment;
import io.tastestream.core.dataset.UserArtist;
import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.event.WeightedTag;
import io.tastestream.core.topic.Topics;
import io.tastestream.taste.records.RawRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * A deterministic test stream of artist tags, plays and feedback, derived from the HetRec 2011 Last.fm data (a subset
 * of its users) or generated when the data is absent.
 *
 * <p>HetRec has play counts, not plays: each (user, artist, count) becomes {@code min(count, 1 + 3·ln count)} plays
 * at random instants of a 90-day window (as the replay does), with a random share of partial plays; about 2% of
 * plays are followed by a like or a skip. Artist tags are the artist's 8 most used tags in user_taggedartists.dat,
 * weighted by use.
 *
 * @param distinctEvents plays and feedback, each once, in event-time order
 */
public record TasteStream(String origin, List<ItemTagsEvent> artistTags, List<Object> distinctEvents) {

    public static final Instant START = Instant.parse("2011-01-01T00:00:00Z");
    public static final Duration SPAN = Duration.ofDays(90);

    /** HetRec users (the first {@code users} ids with listening rows) when the data is there, else generated ones. */
    public static TasteStream load(int users, long seed) {
        return SharedData.findHetrec().map(dir -> fromHetRec(dir, users, seed))
                .orElseGet(() -> generated(users, seed));
    }

    public static TasteStream fromHetRec(Path dir, int users, long seed) {
        Dataset data;
        try {
            data = HetRecReader.read(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Set<Integer> chosen = data.userArtists().stream().map(UserArtist::userId)
                .collect(Collectors.toCollection(TreeSet::new)).stream().limit(users).collect(Collectors.toSet());
        Map<Integer, Map<Integer, Integer>> tagUses = new HashMap<>();
        for (TagAssignment a : data.tagAssignments()) {
            tagUses.computeIfAbsent(a.artistId(), k -> new HashMap<>()).merge(a.tagId(), 1, Integer::sum);
        }
        Random random = new Random(seed);
        List<ItemTagsEvent> tags = new ArrayList<>();
        Set<Integer> tagged = new TreeSet<>();
        List<Object> events = new ArrayList<>();
        for (UserArtist row : data.userArtists()) {
            if (!chosen.contains(row.userId())) {
                continue;
            }
            String artist = data.artistName(row.artistId());
            if (tagged.add(row.artistId())) {
                List<WeightedTag> top = tagUses.getOrDefault(row.artistId(), Map.of()).entrySet().stream()
                        .sorted(Map.Entry.<Integer, Integer>comparingByValue().reversed()
                                .thenComparing(Map.Entry.comparingByKey()))
                        .limit(8)
                        .map(e -> new WeightedTag(data.tags().getOrDefault(e.getKey(), "tag" + e.getKey()),
                                e.getValue()))
                        .toList();
                if (!top.isEmpty()) {
                    tags.add(ItemTagsEvent.of(ItemRef.artist(artist), top, "hetrec", START));
                }
            }
            int plays = (int) Math.min(row.weight(), 1 + Math.round(3 * Math.log(Math.max(1, row.weight()))));
            addPlays(events, "hetrec-" + row.userId(), artist, plays, random);
        }
        return new TasteStream("HetRec " + dir + ", " + chosen.size() + " users", tags, sorted(events));
    }

    public static TasteStream generated(int users, long seed) {
        Random random = new Random(seed);
        String[] genres = {"rock", "jazz", "electronic", "hip hop", "folk", "metal", "pop", "ambient", "soul", "punk"};
        List<ItemTagsEvent> tags = new ArrayList<>();
        int artists = 300;
        for (int a = 0; a < artists; a++) {
            List<WeightedTag> t = new ArrayList<>();
            int first = random.nextInt(genres.length);
            t.add(new WeightedTag(genres[first], 10 + random.nextInt(90)));
            t.add(new WeightedTag(genres[(first + 1 + random.nextInt(genres.length - 1)) % genres.length],
                    1 + random.nextInt(40)));
            t.add(new WeightedTag("Tag-" + (a % 37), 1 + random.nextInt(20)));
            tags.add(ItemTagsEvent.of(ItemRef.artist("Artist " + a), t, "generated", START));
        }
        List<Object> events = new ArrayList<>();
        for (int u = 0; u < users; u++) {
            int favourites = 10 + random.nextInt(40);
            for (int f = 0; f < favourites; f++) {
                addPlays(events, "generated-" + u, "Artist " + random.nextInt(artists), 1 + random.nextInt(25),
                        random);
            }
        }
        return new TasteStream("generated, " + users + " users", tags, sorted(events));
    }

    /**
     * The same stream with {@code share} of its plays seen by Spotify (source {@code spotify}, a length of 2.5–4.5
     * minutes when none was given, which weighs the same: a full play).
     */
    public TasteStream withSpotifyPlays(double share, long seed) {
        Random random = new Random(seed);
        List<Object> events = new ArrayList<>(distinctEvents.size());
        for (Object e : distinctEvents) {
            if (e instanceof PlayEvent p && random.nextDouble() < share) {
                long ms = p.msPlayed() > 0 ? p.msPlayed() : 150_000 + random.nextInt(120_000);
                events.add(PlayEvent.of(p.userId(), p.artist(), p.track(), p.album(), p.playedAt(), ms, "spotify"));
            } else {
                events.add(e);
            }
        }
        return new TasteStream(origin + ", " + Math.round(share * 100) + "% of plays from Spotify", artistTags,
                sorted(events));
    }

    /**
     * The arrivals with a Last.fm scrobble of each Spotify play of at least 30 s (stamped at the play's start, a few
     * seconds off, the track spelt as Last.fm does), each somewhere within 40 arrivals of its Spotify play, before
     * or after. These are copies of distinct plays, not plays of their own: the job must not count them.
     */
    public static List<Object> withScrobbles(List<Object> arrivals, long seed) {
        Random random = new Random(seed);
        List<Object> out = new ArrayList<>(arrivals);
        Set<String> scrobbled = new java.util.HashSet<>();
        for (Object e : arrivals) {
            if (e instanceof PlayEvent p && p.source().equals("spotify") && p.msPlayed() >= 30_000
                    && scrobbled.add(p.playId())) {
                PlayEvent scrobble = PlayEvent.of(p.userId(), p.artist().toLowerCase(java.util.Locale.ROOT),
                        p.track() + " - Remastered", null,
                        p.playedAt().minusMillis(p.msPlayed()).plusSeconds(random.nextInt(6)), 0, "lastfm");
                int at = Math.max(0, Math.min(out.size(), out.indexOf(p) + random.nextInt(81) - 40));
                out.add(at, scrobble);
            }
        }
        return out;
    }

    private static void addPlays(List<Object> events, String user, String artist, int plays, Random random) {
        for (int i = 0; i < plays; i++) {
            // whole seconds: play ids are derived from the second, so two plays must not share one
            Instant at = START.plusSeconds((long) (random.nextDouble() * SPAN.toSeconds()));
            long ms = random.nextInt(10) == 0 ? 1_000 + random.nextInt(28_000) : 0;
            PlayEvent play = PlayEvent.of(user, artist, "track " + random.nextInt(12), null, at, ms, "test");
            events.add(play);
            int roll = random.nextInt(100);
            if (roll < 2) {
                FeedbackType type = roll == 0 ? FeedbackType.SKIP : FeedbackType.LIKE;
                events.add(FeedbackEvent.of(user, type, ItemRef.artist(artist), at.plusSeconds(1), "test"));
            }
        }
    }

    private static List<Object> sorted(List<Object> events) {
        // drop accidental repeats (same play id or same feedback) so "distinct" means distinct
        Map<String, Object> byId = new TreeMap<>();
        for (Object e : events) {
            byId.putIfAbsent(id(e), e);
        }
        List<Object> distinct = new ArrayList<>(byId.values());
        distinct.sort(Comparator.comparing(TasteStream::eventTime).thenComparing(TasteStream::id));
        return List.copyOf(distinct);
    }

    public static String id(Object event) {
        if (event instanceof PlayEvent p) {
            return "play:" + p.playId();
        }
        FeedbackEvent f = (FeedbackEvent) event;
        return "feedback:" + f.userId() + ':' + f.type() + ':' + f.item().key() + ':' + f.at().toEpochMilli();
    }

    public static Instant eventTime(Object event) {
        return event instanceof PlayEvent p ? p.playedAt() : ((FeedbackEvent) event).at();
    }

    public static String userId(Object event) {
        return event instanceof PlayEvent p ? p.userId() : ((FeedbackEvent) event).userId();
    }

    /**
     * The events as they arrive: each displaced by a random delay within {@code outOfOrderness} (so shuffled within
     * the bound), {@code lateShare} of them delayed far beyond it (late), and {@code duplicateShare} of the plays
     * sent a second time (same play id) somewhere later in the stream.
     */
    public List<Object> arrivalOrder(Duration outOfOrderness, double lateShare, double duplicateShare, long seed) {
        Random random = new Random(seed);
        record Arrival(long at, int seq, Object event) {}
        List<Arrival> arrivals = new ArrayList<>();
        int seq = 0;
        long bound = outOfOrderness.toMillis();
        for (Object e : distinctEvents) {
            long t = eventTime(e).toEpochMilli();
            long delay = random.nextDouble() < lateShare
                    ? bound * (10 + random.nextInt(1000)) : (long) (random.nextDouble() * bound);
            arrivals.add(new Arrival(t + delay, seq++, e));
            if (e instanceof PlayEvent && random.nextDouble() < duplicateShare) {
                arrivals.add(new Arrival(t + delay + (long) (random.nextDouble() * SPAN.toMillis()), seq++, e));
            }
        }
        arrivals.sort(Comparator.comparingLong(Arrival::at).thenComparingInt(Arrival::seq));
        return arrivals.stream().map(Arrival::event).toList();
    }

    /** Raw records as the Kafka source would produce them: all artist tags first, then the events in order. */
    public List<RawRecord> rawRecords(List<Object> arrivals) {
        List<RawRecord> records = new ArrayList<>(artistTags.size() + arrivals.size());
        long offset = 0;
        for (ItemTagsEvent t : artistTags) {
            records.add(new RawRecord(Topics.ITEM_TAGS.name(), 0, offset++, utf8(t.item().key()),
                    ItemTagsEvent.SERDE.encode(t), 0L));
        }
        for (Object e : arrivals) {
            records.add(raw(e, offset++));
        }
        return records;
    }

    public static RawRecord raw(Object event, long offset) {
        if (event instanceof PlayEvent p) {
            return new RawRecord(Topics.PLAYS.name(), 0, offset, utf8(p.userId()), PlayEvent.SERDE.encode(p), 0L);
        }
        FeedbackEvent f = (FeedbackEvent) event;
        return new RawRecord(Topics.FEEDBACK.name(), 0, offset, utf8(f.userId()), FeedbackEvent.SERDE.encode(f), 0L);
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
