package io.tastestream.ingest.lastfm;

import io.tastestream.ingest.common.ProducerSettings;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Imports a Last.fm user's scrobbles (user.getRecentTracks, 200 per page) into the {@code plays} topic, oldest
 * page first, one {@link PlayEvent} per scrobble (source {@code lastfm}, playedAt = scrobble time, key = user id).
 *
 * <p>Crash safety: a page's progress is stored only after Kafka acknowledged all its plays (acks=all, idempotent
 * producer). A crash loses nothing; at worst the page that was in flight is published again on resume, with the
 * same play ids (derived from source, user, track and second), which the taste job drops as duplicates.
 */
public final class LastfmImporter {
    private static final Logger log = LoggerFactory.getLogger(LastfmImporter.class);
    public static final String SOURCE = "lastfm";
    private static final int FIRST_REJECTIONS = 10;

    /** Called after each page is safely stored; tests use it to simulate a crash between pages. */
    public interface PageListener {
        void pageDone(int pagesDone, int pageCount);

        /** Called after each play handed to the producer; tests use it to simulate a crash mid-page. */
        default void playSent(int pagesDone, int sentInPage) {}
    }

    private final LastfmClient client;
    private final Producer<byte[], byte[]> producer;
    private final PlaysTail tail;
    private final Path dataDir;
    private final TokenBucket bucket;
    private final Counter requests;
    private final Counter throttledCounter;
    private final Counter playsCounter;
    private final MeterRegistry registry;
    private volatile boolean stopRequested;

    public LastfmImporter(LastfmClient client, Producer<byte[], byte[]> producer, PlaysTail tail, Path dataDir,
                          TokenBucket bucket, MeterRegistry registry) {
        this.client = client;
        this.producer = producer;
        this.tail = tail;
        this.dataDir = dataDir;
        this.bucket = bucket;
        this.registry = registry;
        this.requests = registry.counter("tastestream.lastfm.import.requests");
        this.throttledCounter = registry.counter("tastestream.lastfm.import.throttled");
        this.playsCounter = registry.counter("tastestream.lastfm.import.plays");
    }

    /** acks=all and idempotence: an acknowledged play is on every in-sync replica, and a retry is not a copy. */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> c = ProducerSettings.reliable(bootstrapServers, "tastestream-lastfm-import");
        c.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return c;
    }

    /** Asks a running import to stop after the current page (which is finished and stored). */
    public void stop() {
        stopRequested = true;
    }

    public ImportSummary importUser(ImportRequest request, boolean showProgress) throws InterruptedException {
        return importUser(request, showProgress, (done, count) -> {});
    }

    public ImportSummary importUser(ImportRequest request, boolean showProgress, PageListener listener)
            throws InterruptedException {
        long started = System.nanoTime();
        Path progressFile = ImportProgress.file(dataDir, request.lastfmUser());
        Run run = new Run(request);
        ImportProgress progress;
        try {
            progress = startOrResume(request, progressFile, run);
        } catch (ImportFailure e) {
            return run.summary(null, 0, started, e.getMessage());
        }
        int resumedAt = progress.pagesDone() + 1;
        String failure = null;
        long rowsLeft = Math.max(0, progress.total() - (long) progress.pagesDone() * progress.pageSize());
        try (ProgressBar bar = showProgress ? progressBar(request.lastfmUser(), rowsLeft) : null) {
            while (!progress.completed()) {
                if (stopRequested) {
                    failure = "stopped on request";
                    break;
                }
                int lastfmPage = progress.nextLastfmPage();
                RecentTracksPage page = fetch(request, progress, lastfmPage, run);
                Set<String> landed = Set.of();
                if (progress.hasPageInFlight()) {
                    // the previous run died while sending this page: what landed is not sent again
                    landed = tail.playIdsSince(progress.inFlightPartition(), progress.inFlightOffset(),
                            request.userId());
                } else {
                    int partition = tail.partitionOf(request.userId());
                    progress = progress.withInFlight(partition, tail.endOffset(partition));
                    progress.store(progressFile);
                }
                publishPage(request, page, lastfmPage, progress, landed, run, listener);
                if (bar != null) {
                    bar.stepBy(page.rows().size());
                }
                progress = progress.withPagesDone(progress.pagesDone() + 1);
                progress.store(progressFile);
                listener.pageDone(progress.pagesDone(), progress.pageCount());
            }
        } catch (ImportFailure e) {
            failure = e.getMessage();
        } catch (IOException e) {
            failure = "cannot store progress in " + progressFile + ": " + e.getMessage();
        }
        return run.summary(progress, resumedAt, started, failure);
    }

    /** Decides the window and first page, and stores fresh progress; throws ImportFailure when that fails. */
    private ImportProgress startOrResume(ImportRequest request, Path progressFile, Run run)
            throws InterruptedException {
        ImportProgress stored;
        try {
            stored = request.restart() ? null : ImportProgress.load(progressFile);
        } catch (IOException e) {
            throw new ImportFailure(e.getMessage());
        }
        long from = request.from() == null ? 0 : request.from().getEpochSecond();
        long to = request.to() == null ? Instant.now().getEpochSecond() : request.to().getEpochSecond();
        if (stored != null && !stored.completed()
                && (request.from() == null || from == stored.from())
                && (request.to() == null || to == stored.to())) {
            log.info("resuming Last.fm import of {} at page {} of {}", request.lastfmUser(), stored.pagesDone() + 1,
                    stored.pageCount());
            run.window(stored.from(), stored.to());
            return stored;
        }
        if (stored != null && stored.completed() && request.from() == null) {
            // incremental: only what was scrobbled since the last completed import
            from = stored.to() + 1;
        }
        run.window(from, to);
        if (from > to) {
            return new ImportProgress(request.lastfmUser(), from, to, LastfmClient.MAX_PAGE_SIZE, 0, 0, 0, true);
        }
        // a one-row page tells how many scrobbles the window holds, so the pages can be read oldest first
        RecentTracksPage probe = fetchWithRetries(request, 1, 1, from, to, run);
        int total = probe.totalPages();
        int pageCount = (total + LastfmClient.MAX_PAGE_SIZE - 1) / LastfmClient.MAX_PAGE_SIZE;
        ImportProgress fresh = new ImportProgress(request.lastfmUser(), from, to, LastfmClient.MAX_PAGE_SIZE,
                pageCount, total, 0, pageCount == 0);
        try {
            fresh.store(progressFile);
        } catch (IOException e) {
            throw new ImportFailure("cannot store progress in " + progressFile + ": " + e.getMessage());
        }
        return fresh;
    }

    private RecentTracksPage fetch(ImportRequest request, ImportProgress progress, int lastfmPage, Run run)
            throws InterruptedException {
        return fetchWithRetries(request, lastfmPage, progress.pageSize(), progress.from(), progress.to(), run);
    }

    private RecentTracksPage fetchWithRetries(ImportRequest request, int page, int limit, long from, long to, Run run)
            throws InterruptedException {
        int failures = 0;
        int throttles = 0;
        while (true) {
            LastfmOutcome<RecentTracksPage> outcome;
            try (TokenBucket.Permit call = bucket.acquire()) {
                requests.increment();
                outcome = client.recentTracks(request.lastfmUser(), page, limit, from, to);
            }
            switch (outcome.kind()) {
                case OK -> {
                    return outcome.value();
                }
                case RATE_LIMITED -> {
                    // not a failure of the page: wait longer each time, and never give up on it for this reason
                    throttles++;
                    run.throttled++;
                    throttledCounter.increment();
                    bucket.drain();
                    log.warn("Last.fm rate limit hit on page {}; backing off", page);
                    request.backoff().sleep(throttles);
                }
                case TRANSIENT -> {
                    failures++;
                    if (failures >= request.maxAttempts()) {
                        throw new ImportFailure("page " + page + " failed " + failures + " times, last: "
                                + outcome.message());
                    }
                    run.retries++;
                    log.warn("Last.fm page {} failed ({}), retrying", page, outcome.message());
                    request.backoff().sleep(failures);
                }
                case NOT_FOUND -> throw new ImportFailure("Last.fm user '" + request.lastfmUser()
                        + "' not found (" + outcome.message() + ")");
                case FATAL -> throw new ImportFailure(outcome.message()
                        + (outcome.errorCode() == 10 || outcome.errorCode() == 26
                        ? " (check lastfm.api-key / TASTESTREAM_LASTFM_API_KEY)" : ""));
            }
        }
    }

    /** Publishes a page oldest row first and waits until Kafka has acknowledged every play of it. */
    private void publishPage(ImportRequest request, RecentTracksPage page, int lastfmPage, ImportProgress progress,
                             Set<String> landed, Run run, PageListener listener) {
        List<RecentTracksPage.Row> rows = new ArrayList<>(page.rows());
        java.util.Collections.reverse(rows);
        AtomicLong acked = new AtomicLong();
        AtomicReference<Exception> sendFailure = new AtomicReference<>();
        int sent = 0;
        for (RecentTracksPage.Row row : rows) {
            if (row.nowPlaying()) {
                run.nowPlaying++;
                continue;
            }
            String problem = problemOf(row);
            if (problem != null) {
                run.reject(problem, "page " + lastfmPage + " row " + row.index() + ": " + problem
                        + (row.artist() != null ? " (" + row.artist() + " – " + row.track() + ")" : ""));
                continue;
            }
            PlayEvent play;
            try {
                play = PlayEvent.of(request.userId(), row.artist().trim(), row.track().trim(),
                        row.album() == null || row.album().isBlank() ? null : row.album().trim(),
                        row.scrobbledAt(), 0, SOURCE);
            } catch (IllegalArgumentException e) {
                run.reject("invalid play", "page " + lastfmPage + " row " + row.index() + ": " + e.getMessage());
                continue;
            }
            if (!run.seen.add(play.playId())) {
                run.duplicates++;
                continue;
            }
            if (landed.contains(play.playId())) {
                run.alreadyInKafka++;
                continue;
            }
            byte[] key = Topics.PLAYS.keySerde().encode(play.userId());
            byte[] value = Topics.PLAYS.valueSerde().encode(play);
            // the partition noted in the progress, which is the one the default partitioner would pick
            producer.send(new ProducerRecord<>(Topics.PLAYS.name(), progress.inFlightPartition(),
                            play.playedAt().toEpochMilli(), key, value),
                    (metadata, e) -> {
                        if (e == null) {
                            acked.incrementAndGet();
                        } else {
                            sendFailure.compareAndSet(null, e);
                        }
                    });
            listener.playSent(progress.pagesDone(), ++sent);
        }
        producer.flush();
        if (sendFailure.get() != null) {
            throw new ImportFailure("Kafka did not acknowledge plays of page " + lastfmPage + ": "
                    + sendFailure.get().getMessage() + " (progress kept at the previous page)");
        }
        run.accepted += acked.get();
        playsCounter.increment(acked.get());
    }

    private static String problemOf(RecentTracksPage.Row row) {
        if (row.problem() != null) {
            return "unreadable row";
        }
        if (row.artist() == null || row.artist().isBlank()) {
            return "no artist";
        }
        if (row.track() == null || row.track().isBlank()) {
            return "no track name";
        }
        if (row.scrobbledAt() == null) {
            return "no scrobble time";
        }
        return null;
    }

    private static ProgressBar progressBar(String user, long max) {
        return new ProgressBarBuilder().setTaskName("lastfm " + user).setInitialMax(max).setUnit(" scrobbles", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).showSpeed()
                .build();
    }

    /** Counts of one run. */
    private final class Run {
        final ImportRequest request;
        final Set<String> seen = new HashSet<>();
        final Map<String, Long> reasons = new TreeMap<>();
        final List<String> firstRejections = new ArrayList<>();
        long accepted;
        long duplicates;
        long alreadyInKafka;
        long nowPlaying;
        long rejected;
        long throttled;
        long retries;
        long from;
        long to;
        Run(ImportRequest request) {
            this.request = request;
        }

        void window(long f, long t) {
            from = f;
            to = t;
        }

        void reject(String reason, String detail) {
            rejected++;
            reasons.merge(reason, 1L, Long::sum);
            registry.counter("tastestream.lastfm.import.rejected", "reason", reason).increment();
            if (firstRejections.size() < FIRST_REJECTIONS) {
                firstRejections.add(detail);
            }
        }

        ImportSummary summary(ImportProgress progress, int resumedAt, long startedNanos, String failureMessage) {
            return new ImportSummary(request.lastfmUser(), request.userId(), Instant.ofEpochSecond(from),
                    Instant.ofEpochSecond(to), progress == null ? 0 : progress.pageCount(),
                    progress == null ? 0 : progress.pagesDone(), Math.max(1, resumedAt), accepted, duplicates,
                    alreadyInKafka, nowPlaying, rejected, new LinkedHashMap<>(reasons), List.copyOf(firstRejections), throttled,
                    retries, Duration.ofNanos(System.nanoTime() - startedNanos), failureMessage);
        }
    }

    /** Ends the run with a message for the summary; progress stays at the last stored page. */
    private static final class ImportFailure extends RuntimeException {
        ImportFailure(String message) {
            super(message, null, false, false);
        }
    }
}
