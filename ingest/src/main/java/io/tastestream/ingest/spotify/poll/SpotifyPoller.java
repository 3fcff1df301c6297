package io.tastestream.ingest.spotify.poll;

import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.PublishedRecordFinder;
import io.tastestream.ingest.spotify.SpotifyPlayIds;
import io.tastestream.ingest.spotify.SpotifySettings;
import io.tastestream.ingest.spotify.auth.ReloginRequiredException;
import io.tastestream.ingest.spotify.auth.SpotifyApis;
import io.tastestream.ingest.spotify.auth.SpotifyToken;
import io.tastestream.ingest.spotify.auth.TokenRefresher;
import io.tastestream.ingest.spotify.auth.TokenStore;
import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.hc.core5.http.ParseException;
import org.apache.kafka.common.KafkaException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.michaelthelin.spotify.SpotifyApi;
import se.michaelthelin.spotify.exceptions.SpotifyWebApiException;
import se.michaelthelin.spotify.exceptions.detailed.BadRequestException;
import se.michaelthelin.spotify.exceptions.detailed.TooManyRequestsException;
import se.michaelthelin.spotify.exceptions.detailed.UnauthorizedException;
import se.michaelthelin.spotify.model_objects.specification.ArtistSimplified;
import se.michaelthelin.spotify.model_objects.specification.Cursor;
import se.michaelthelin.spotify.model_objects.specification.PagingCursorbased;
import se.michaelthelin.spotify.model_objects.specification.PlayHistory;
import se.michaelthelin.spotify.model_objects.specification.Track;

/**
 * Polls Spotify's recently-played list of each user and puts every play into {@code plays} exactly once, also
 * across crashes:
 * <ol>
 *   <li>a batch of new plays is first written to the user's poll state as <em>pending</em>, with the plays
 *       partition of the user and its end offset;</li>
 *   <li>then sent; once Kafka acknowledged all of it, the {@code after} cursor advances and pending is cleared;</li>
 *   <li>after a crash, a pending batch is reconciled first: the partition is read from the noted offset, and only
 *       the plays not found there are sent.</li>
 * </ol>
 * Tokens are refreshed before they expire; a refused refresh marks the user as needing a new login (metric
 * {@code needs.relogin}, clear message) and leaves the other users alone. One instance serves many users; calls
 * for different users may run in parallel, calls for one user must not.
 */
public final class SpotifyPoller implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SpotifyPoller.class);
    public static final String SOURCE = "spotify";
    /** The recently-played endpoint returns at most 50 plays, and only the latest 50 exist for it. */
    public static final int VISIBLE_PLAYS = 50;
    private static final int MAX_PAGES = 10;

    private final SpotifyApis apis;
    private final TokenStore tokens;
    private final TokenRefresher refresher;
    private final PollStateStore states;
    private final AckedPublisher publisher;
    private final PublishedRecordFinder finder;
    private final PollerMetrics metrics;
    private final Clock clock;

    public SpotifyPoller(SpotifySettings settings, AckedPublisher publisher, PublishedRecordFinder finder,
                         PollerMetrics metrics, Clock clock) {
        this.apis = new SpotifyApis(settings);
        this.tokens = TokenStore.under(settings.dataDir());
        this.refresher = new TokenRefresher(apis, tokens, clock);
        this.states = PollStateStore.under(settings.dataDir());
        this.publisher = publisher;
        this.finder = finder;
        this.metrics = metrics;
        this.clock = clock;
    }

    public TokenStore tokens() {
        return tokens;
    }

    public PollerMetrics metrics() {
        return metrics;
    }

    /** One poll of one user: reconcile a pending batch, fetch what is new, publish it, advance the cursor. */
    public PollOutcome pollOnce(String user) {
        PollerMetrics.UserMeters meters = metrics.user(user);
        try {
            Optional<String> needsLogin = tokens.needsLogin(user);
            if (needsLogin.isPresent()) {
                meters.needsRelogin(true);
                return PollOutcome.needsLogin(needsLogin.get());
            }
            PollState state = states.load(user);
            int recovered = 0;
            if (state.pending() != null) {
                recovered = reconcile(user, state);
                state = state.committed(state.pending().newAfterMs());
                states.save(user, state);
            }
            Fetched fetched = fetch(user, state.afterMs());
            boolean gap = state.afterMs() != null && fetched.items >= VISIBLE_PLAYS;
            if (gap) {
                meters.possibleGap();
                log.warn("Spotify user '{}': {} plays since the last poll (cursor {}); Spotify keeps only the last {}, "
                        + "so plays before {} may be lost. Poll more often (spotify.poll-interval) or import the "
                        + "export for that period.", user, fetched.items, Instant.ofEpochMilli(state.afterMs()),
                        VISIBLE_PLAYS, fetched.plays.isEmpty() ? "?" : fetched.plays.get(0).playedAt());
            }
            int published = 0;
            if (!fetched.plays.isEmpty()) {
                int partition = finder.partitionFor(Topics.PLAYS, user);
                long from = finder.endOffset(Topics.PLAYS.name(), partition);
                PollState.Pending batch = new PollState.Pending(fetched.newAfterMs, partition, from, fetched.plays);
                states.save(user, state.publishing(batch));
                publish(user, fetched.plays);
                published = fetched.plays.size();
            }
            Long newAfter = fetched.newAfterMs != null ? fetched.newAfterMs : state.afterMs();
            if (published > 0 || !java.util.Objects.equals(newAfter, state.afterMs())) {
                states.save(user, state.committed(newAfter));
            }
            meters.success(clock.instant(), published + recovered);
            return PollOutcome.ingested(published + recovered, gap);
        } catch (ReloginRequiredException e) {
            return markNeedsLogin(user, e);
        } catch (TooManyRequestsException e) {
            meters.error("throttled");
            return PollOutcome.throttled(Duration.ofSeconds(Math.max(1, e.getRetryAfter())));
        } catch (HttpTimeoutException e) {
            return fail(meters, user, "timeout", "Spotify did not answer in time");
        } catch (IOException e) {
            return fail(meters, user, "network", e.getMessage());
        } catch (BadRequestException e) {
            return fail(meters, user, "request", e.getMessage());
        } catch (UnauthorizedException e) {
            return fail(meters, user, "auth", e.getMessage());
        } catch (SpotifyWebApiException e) {
            return fail(meters, user, "server", e.getMessage());
        } catch (ParseException | MalformedResponse e) {
            return fail(meters, user, "malformed", "malformed answer from Spotify: " + e.getMessage());
        } catch (KafkaException | PublishFailed e) {
            return fail(meters, user, "kafka", e.getMessage());
        }
    }

    private PollOutcome markNeedsLogin(String user, ReloginRequiredException e) {
        try {
            tokens.markNeedsLogin(user, e.getMessage());
        } catch (IOException io) {
            log.error("cannot record that Spotify user '{}' must log in again: {}", user, io.getMessage());
        }
        metrics.user(user).needsRelogin(true);
        metrics.user(user).error("auth");
        log.error("{}; the other users go on", e.getMessage());
        return PollOutcome.needsLogin(e.getMessage());
    }

    private static PollOutcome fail(PollerMetrics.UserMeters meters, String user, String kind, String message) {
        meters.error(kind);
        log.warn("Spotify user '{}': poll failed ({}): {}", user, kind, message);
        return PollOutcome.failed(kind, message);
    }

    /** Sends what of a pending batch is not in the partition yet; returns how many plays that batch brought. */
    private int reconcile(String user, PollState state) throws PublishFailed {
        PollState.Pending p = state.pending();
        Set<String> present = finder.idsSince(Topics.PLAYS, p.partition(), p.fromOffset(), user, PlayEvent::playId);
        List<PlayEvent> missing = p.plays().stream().filter(play -> !present.contains(play.playId())).toList();
        log.warn("Spotify user '{}': resuming an interrupted batch of {} plays: {} already in Kafka, sending {}",
                user, p.plays().size(), p.plays().size() - missing.size(), missing.size());
        publish(user, missing);
        return missing.size();
    }

    private void publish(String user, List<PlayEvent> plays) throws PublishFailed {
        if (plays.isEmpty()) {
            return;
        }
        AckedPublisher.Batch batch = publisher.batch();
        for (PlayEvent play : plays) {
            batch.send(Topics.PLAYS, user, play, play.playedAt(), play.playId());
        }
        AckedPublisher.Outcome outcome = batch.awaitAcks();
        if (!outcome.allAcked()) {
            // the batch stays pending: the next poll reconciles it
            throw new PublishFailed(outcome.failed().size() + " of " + plays.size() + " plays not acknowledged: "
                    + outcome.failed().values().iterator().next());
        }
    }

    private record Fetched(List<PlayEvent> plays, int items, Long newAfterMs) {
    }

    private Fetched fetch(String user, Long afterMs) throws IOException, SpotifyWebApiException, ParseException,
            ReloginRequiredException, MalformedResponse {
        SpotifyToken token = refresher.current(user);
        Map<String, PlayEvent> plays = new LinkedHashMap<>();
        int items = 0;
        Long cursor = afterMs;
        Long newAfter = null;
        boolean refreshedAfter401 = false;
        Long before = null;
        for (int page = 0; page < MAX_PAGES; page++) {
            PagingCursorbased<PlayHistory> response;
            try {
                response = request(apis.forToken(token), cursor, before);
            } catch (UnauthorizedException e) {
                if (refreshedAfter401) {
                    throw e;
                }
                // Spotify may end a token before its announced expiry: refresh once and ask again
                refreshedAfter401 = true;
                token = refresher.refresh(user, token);
                page--;
                continue;
            }
            PlayHistory[] got = response.getItems();
            if (got == null) {
                throw new MalformedResponse("recently-played answer without items");
            }
            items += got.length;
            Long oldest = null;
            for (PlayHistory item : got) {
                PlayEvent play = toPlay(user, item);
                if (play != null) {
                    plays.putIfAbsent(play.playId(), play);
                    long ms = play.playedAt().toEpochMilli();
                    newAfter = Math.max(newAfter == null ? Long.MIN_VALUE : newAfter, ms);
                    oldest = Math.min(oldest == null ? Long.MAX_VALUE : oldest, ms);
                }
            }
            Long responseAfter = cursorAfter(response);
            if (responseAfter != null) {
                newAfter = Math.max(newAfter == null ? Long.MIN_VALUE : newAfter, responseAfter);
            }
            if (response.getNext() == null || got.length == 0) {
                break;
            }
            if (cursor != null) {
                // after a cursor, 'next' pages forward to newer plays
                if (responseAfter == null) {
                    break;
                }
                cursor = responseAfter;
            } else {
                // first poll: 'next' pages back into older plays; take all Spotify still offers
                if (oldest == null) {
                    break;
                }
                before = oldest;
            }
        }
        List<PlayEvent> sorted = new ArrayList<>(plays.values());
        sorted.sort(Comparator.comparing(PlayEvent::playedAt));
        return new Fetched(sorted, items, newAfter);
    }

    private static PagingCursorbased<PlayHistory> request(SpotifyApi api, Long afterMs, Long beforeMs)
            throws IOException, SpotifyWebApiException, ParseException, MalformedResponse {
        var builder = api.getCurrentUsersRecentlyPlayedTracks().limit(VISIBLE_PLAYS);
        // Spotify wants Unix milliseconds; the library's after(Date)/before(Date) would send a formatted date
        if (afterMs != null) {
            builder.setQueryParameter("after", afterMs);
        } else if (beforeMs != null) {
            builder.setQueryParameter("before", beforeMs);
        }
        try {
            return builder.build().execute();
        } catch (RuntimeException e) {
            // the library's JSON parsing fails with unchecked exceptions (Gson) on a malformed body
            throw new MalformedResponse(e.getClass().getSimpleName());
        }
    }

    private static Long cursorAfter(PagingCursorbased<PlayHistory> response) throws MalformedResponse {
        Cursor[] cursors = response.getCursors();
        if (cursors == null || cursors.length == 0 || cursors[0] == null || cursors[0].getAfter() == null) {
            return null;
        }
        try {
            return Long.parseLong(cursors[0].getAfter());
        } catch (NumberFormatException e) {
            throw new MalformedResponse("cursor 'after' is not a number");
        }
    }

    /** A play from a recently-played item; null (and a warning) for an item without track, artist or time. */
    private PlayEvent toPlay(String user, PlayHistory item) {
        Track track = item.getTrack();
        ArtistSimplified[] artists = track == null ? null : track.getArtists();
        if (track == null || track.getName() == null || artists == null || artists.length == 0
                || artists[0].getName() == null || item.getPlayedAt() == null) {
            log.warn("Spotify user '{}': recently-played item without track name, artist or played_at; left out",
                    user);
            metrics.user(user).error("malformed");
            return null;
        }
        Instant playedAt = item.getPlayedAt().toInstant();
        String album = track.getAlbum() == null ? null : track.getAlbum().getName();
        // the export importer gives the same play the same id (track URI + end second), so a play both polled
        // and imported counts once; without a URI, the name-based id
        String playId = track.getUri() == null || track.getUri().isBlank() ? null
                : SpotifyPlayIds.of(user, track.getUri(), playedAt);
        // msPlayed 0: the endpoint does not say how long it played (Spotify lists plays of 30 s or more)
        return new PlayEvent(PlayEvent.CURRENT_VERSION, playId, user, artists[0].getName(), track.getName(), album,
                playedAt, 0, SOURCE);
    }

    /** Delay before the next attempt after {@code failures} consecutive failures: exponential, full jitter. */
    public static Duration backoff(int failures, Duration initial, Duration max) {
        double capped = Math.min(max.toMillis(), initial.toMillis() * Math.pow(2, Math.min(failures - 1, 20)));
        long ms = (long) (capped / 2 + ThreadLocalRandom.current().nextDouble() * capped / 2);
        return Duration.ofMillis(Math.max(1, ms));
    }

    @Override
    public void close() {
        // publisher and finder belong to the caller
    }

    static final class MalformedResponse extends Exception {
        MalformedResponse(String message) {
            super(message);
        }
    }

    static final class PublishFailed extends Exception {
        PublishFailed(String message) {
            super(message);
        }
    }
}
