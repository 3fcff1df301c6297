package io.tastestream.ingest.lastfm;

import de.umass.lastfm.CallException;
import de.umass.lastfm.Caller;
import de.umass.lastfm.ResponseBuilder;
import de.umass.lastfm.Result;
import de.umass.lastfm.Tag;
import de.umass.lastfm.Track;
import de.umass.xml.DomElement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * The Last.fm calls tastestream makes, through lastfm-java's {@link Caller}, with every failure turned into a
 * {@link LastfmOutcome} instead of an exception or a silently empty list (lastfm-java returns an empty collection
 * on errors and leaves the reason in {@link Caller#getLastResult()}).
 *
 * <p>lastfm-java's Caller is a process-wide singleton with a shared "last result", so calls are serialised on it.
 */
public final class LastfmClient {

    public static final String RECENT_TRACKS = "user.getRecentTracks";
    public static final String ARTIST_TOP_TAGS = "artist.getTopTags";
    public static final String TRACK_TOP_TAGS = "track.getTopTags";
    /** Last.fm's page size limit for user.getRecentTracks. */
    public static final int MAX_PAGE_SIZE = 200;

    private static final Object CALLER_LOCK = new Object();

    private final String apiUrl;
    private final String apiKey;
    private final String userAgent;

    /**
     * @param apiUrl    the API root ({@code lastfm.api-url}), e.g. {@code https://ws.audioscrobbler.com/2.0/}
     * @param apiKey    the API key ({@code lastfm.api-key}); never logged, never put in a message
     * @param userAgent identifies tastestream to Last.fm, as its API terms ask
     */
    public LastfmClient(String apiUrl, String apiKey, String userAgent) {
        if (apiKey == null || apiKey.isBlank()) {
            throw new IllegalArgumentException("no Last.fm API key: set lastfm.api-key (or the environment variable "
                    + "TASTESTREAM_LASTFM_API_KEY); get one at https://www.last.fm/api/account/create");
        }
        this.apiUrl = apiUrl;
        this.apiKey = apiKey;
        this.userAgent = userAgent;
    }

    /** One page of a user's scrobbles, newest first. {@code from}/{@code to} are UNIX seconds, 0 = unbounded. */
    public LastfmOutcome<RecentTracksPage> recentTracks(String user, int page, int limit, long from, long to) {
        Map<String, String> params = new HashMap<>();
        params.put("user", user);
        params.put("page", Integer.toString(page));
        params.put("limit", Integer.toString(limit));
        if (from > 0) {
            params.put("from", Long.toString(from));
        }
        if (to > 0) {
            params.put("to", Long.toString(to));
        }
        return call(RECENT_TRACKS, params, LastfmClient::recentTracksPage);
    }

    public LastfmOutcome<List<Tag>> artistTopTags(String artist) {
        Map<String, String> params = new HashMap<>();
        params.put("artist", artist);
        return call(ARTIST_TOP_TAGS, params, r -> new ArrayList<>(ResponseBuilder.buildCollection(r, Tag.class)));
    }

    public LastfmOutcome<List<Tag>> trackTopTags(String artist, String track) {
        Map<String, String> params = new HashMap<>();
        params.put("artist", artist);
        params.put("track", track);
        return call(TRACK_TOP_TAGS, params, r -> new ArrayList<>(ResponseBuilder.buildCollection(r, Tag.class)));
    }

    private interface Parser<T> {
        T parse(Result result) throws Exception;
    }

    private <T> LastfmOutcome<T> call(String method, Map<String, String> params, Parser<T> parser) {
        synchronized (CALLER_LOCK) {
            Caller caller = Caller.getInstance();
            configure(caller);
            Result result;
            try {
                result = caller.call(method, apiKey, params);
            } catch (CallException e) {
                // I/O failure or a body that is not XML; the message names the cause, never the (POSTed) key
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                return LastfmOutcome.failed(LastfmOutcome.Kind.TRANSIENT, 0, 0,
                        cause.getClass().getSimpleName() + ": " + cause.getMessage());
            }
            if (result == null) {
                result = caller.getLastResult();
            }
            if (!result.isSuccessful()) {
                return LastfmOutcome.fromFailedResult(result.getErrorCode(), result.getHttpErrorCode(),
                        result.getErrorMessage());
            }
            try {
                return LastfmOutcome.ok(parser.parse(result));
            } catch (Exception e) {
                return LastfmOutcome.failed(LastfmOutcome.Kind.TRANSIENT, 0, 200,
                        "unreadable " + method + " answer: " + e);
            }
        }
    }

    /** Process-wide settings of the singleton Caller, applied before each call since other code may change them. */
    private void configure(Caller caller) {
        caller.setApiRootUrl(apiUrl);
        // the default cache writes every answer under ~/.last.fm-cache; we keep our own (RocksDB) where it helps
        caller.setCache(null);
        caller.setUserAgent(userAgent);
        // lastfm-java logs each POST body at INFO, and the body carries api_key
        caller.getLogger().setLevel(Level.SEVERE);
    }

    /**
     * Parses a page row by row, so a row the library cannot read (no artist, a bad date) is reported on its own
     * instead of failing the page.
     */
    private static RecentTracksPage recentTracksPage(Result result) throws ParserConfigurationException {
        DomElement content = result.getContentElement();
        String totalPagesAttribute = content.getAttribute("totalPages") != null
                ? content.getAttribute("totalPages") : content.getAttribute("totalpages");
        int page = Integer.parseInt(content.getAttribute("page"));
        int totalPages = Integer.parseInt(totalPagesAttribute);
        int total = content.getAttribute("total") == null ? -1 : Integer.parseInt(content.getAttribute("total"));
        List<RecentTracksPage.Row> rows = new ArrayList<>();
        Document scratch = DocumentBuilderFactory.newInstance().newDocumentBuilder().newDocument();
        int index = 0;
        for (DomElement row : content.getChildren()) {
            index++;
            boolean nowPlaying = "true".equalsIgnoreCase(row.getAttribute("nowplaying"));
            try {
                Element wrapper = scratch.createElement("recenttracks");
                wrapper.appendChild(scratch.importNode(row.getElement(), true));
                Collection<Track> one = ResponseBuilder.buildCollection(new DomElement(wrapper), Track.class);
                rows.add(RecentTracksPage.Row.of(index, one.iterator().next(), nowPlaying));
            } catch (RuntimeException e) {
                rows.add(RecentTracksPage.Row.unreadable(index, nowPlaying, "unreadable track element: " + e));
            }
        }
        return new RecentTracksPage(page, totalPages, total, rows);
    }
}
