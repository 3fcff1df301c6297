package io.tastestream.ingest.spotify.history;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.ImportMetrics;
import io.tastestream.ingest.common.PlayEventEncoder;
import io.tastestream.ingest.common.PublishedIdLedger;
import io.tastestream.ingest.common.ReadAhead;
import io.tastestream.ingest.spotify.SpotifyPlayIds;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Imports Spotify export files for one user: music plays to {@code plays} (source {@code spotify-history},
 * playedAt = when the play ended), short or skipped plays as SKIP to {@code feedback}; podcasts, audiobooks and
 * video left out and counted; bad records reported and passed over. A play the export marks skipped after at least
 * the minimum play time is both: a play (with the id the Spotify poller gives it, which lists every play of 30 s or
 * more, so a play both polled and imported counts once) and a SKIP, so it counts the same whichever sources saw it.
 * Every published record's id goes into the {@link PublishedIdLedger} once Kafka has acknowledged it, so importing
 * the same export again publishes nothing.
 *
 * <pre>{@code
 * try (AckedPublisher out = new AckedPublisher(bootstrap, "tastestream-import");
 *      PublishedIdLedger ledger = PublishedIdLedger.open(dataDir.resolve("ledger/spotify-history"))) {
 *     HistoryImportSummary s = new SpotifyHistoryImporter(out, ledger).importFiles(files, settings);
 * }
 * }</pre>
 */
public final class SpotifyHistoryImporter {
    public static final String PLAY_SOURCE = "spotify-history";
    /** Id namespace of skips, apart from plays: a skip and a play of the same second are two records. */
    static final String SKIP_SOURCE = "spotify-history-skip";
    /** Records per acknowledged chunk: the ledger is written per chunk, so at most this many are re-sent after a crash. */
    private static final int CHUNK = 50_000;
    private static final int FIRST_PROBLEMS = 10;

    private final AckedPublisher publisher;
    private final PublishedIdLedger ledger;
    private final ImportMetrics metrics;

    public SpotifyHistoryImporter(AckedPublisher publisher, PublishedIdLedger ledger) {
        this(publisher, ledger, ImportMetrics.none());
    }

    /** Also counting rows into {@code metrics} as they are published, found duplicate, left out or rejected. */
    public SpotifyHistoryImporter(AckedPublisher publisher, PublishedIdLedger ledger, ImportMetrics metrics) {
        this.publisher = publisher;
        this.ledger = ledger;
        this.metrics = metrics;
    }

    public HistoryImportSummary importFiles(List<Path> files, HistoryImportSettings settings) {
        long started = System.nanoTime();
        Run run = new Run(settings);
        Set<Path> seenFiles = new HashSet<>();
        long totalBytes = 0;
        List<Path> distinct = new ArrayList<>();
        for (Path f : files) {
            Path real;
            try {
                real = f.toRealPath();
            } catch (IOException e) {
                run.rejected(new RecordProblem(f.toString(), -1, null, "cannot read: " + e.getMessage()));
                continue;
            }
            if (seenFiles.add(real)) {
                distinct.add(f);
                totalBytes += sizeOf(f);
            }
        }
        try (ProgressBar bar = settings.progress() ? progressBar(totalBytes) : null) {
            try (ReadAhead<Object> ahead = parseAhead(distinct, new Preparer(settings, ledger))) {
                long done = 0;
                for (List<Object> block = ahead.next(); !block.isEmpty(); block = ahead.next()) {
                    for (Object item : block) {
                        if (item instanceof Prepared prepared) {
                            run.prepared(prepared);
                        } else if (item instanceof ExcludedKind kind) {
                            run.excluded(kind);
                        } else if (item instanceof RecordProblem problem) {
                            run.rejected(problem);
                        } else if (item instanceof FileStart start) {
                            if (bar != null) {
                                bar.stepTo(done / 1024);
                            }
                            long base = done;
                            done += sizeOf(start.file());
                            run.progress = bar == null ? null : bytes -> bar.stepTo((base + bytes) / 1024);
                        } else if (item instanceof Progress progress) {
                            run.progress(progress.bytesRead());
                        }
                    }
                }
                if (bar != null) {
                    bar.stepTo(done / 1024);
                }
            }
            run.commit();
        }
        return new HistoryImportSummary(distinct.size(), run.records, run.plays, run.skips, run.duplicates,
                run.excluded, run.rejected, run.rejectedByReason, run.firstProblems, run.publishFailures,
                run.firstFailure, Duration.ofNanos(System.nanoTime() - started));
    }

    private record FileStart(Path file) {
    }

    private record Progress(long bytesRead) {
    }

    /**
     * A record to publish for a row: its id, whether it is a play (else a skip), whether it is the second record of
     * its row (a play skipped after the minimum play time is a play and a skip), and whether the ledger holds its id.
     */
    private record Prepared(String id, boolean play, HistoryRow row, boolean secondOfRow, boolean inLedger) {
        Prepared published() {
            return new Prepared(id, play, row, secondOfRow, true);
        }
    }

    /**
     * Classifies parsed rows on the parse thread: play or skip, id (ordinals per file), and the ledger look-up (one
     * per block of rows);
     * the importing thread encodes and sends. That splits a row's work about evenly over two cores (the import is
     * CPU-bound: parsing, ids and the look-up on one, encoding, the producer and the broker on the other).
     */
    private static final class Preparer {
        private final HistoryImportSettings settings;
        private final long minPlayMs;
        private final PublishedIdLedger ledger;
        private final HistoryIds ids = new HistoryIds();
        /** Ordinals count per file: the same file (or an overlapping export) again yields the same ids. */
        private Map<String, Integer> ordinals = new HashMap<>();

        Preparer(HistoryImportSettings settings, PublishedIdLedger ledger) {
            this.settings = settings;
            this.minPlayMs = settings.minPlay().toMillis();
            this.ledger = ledger;
        }

        void startFile() {
            ordinals = new HashMap<>();
        }

        /** Marks the block's records whose ids the ledger holds (published by an earlier run), with one look-up. */
        void markPublished(List<Object> block) {
            List<String> ids = new ArrayList<>(block.size());
            List<Integer> at = new ArrayList<>(block.size());
            for (int i = 0; i < block.size(); i++) {
                if (block.get(i) instanceof Prepared p) {
                    ids.add(p.id());
                    at.add(i);
                }
            }
            if (ids.isEmpty()) {
                return;
            }
            boolean[] published = ledger.containsEach(ids);
            for (int k = 0; k < published.length; k++) {
                if (published[k]) {
                    block.set(at.get(k), ((Prepared) block.get(at.get(k))).published());
                }
            }
        }

        /** The row's records: a play, a skip, or (skipped after the minimum play time) both. */
        void prepare(HistoryRow row, Consumer<Object> out) {
            boolean played = row.msPlayed() >= minPlayMs;
            boolean skipped = !played || Boolean.TRUE.equals(row.skipped());
            if (played) {
                out.accept(new Prepared(playId(row), true, row, false, false));
            }
            if (skipped) {
                out.accept(new Prepared(nameId(SKIP_SOURCE, row), false, row, played, false));
            }
        }

        private String playId(HistoryRow row) {
            if (row.trackUri() == null) {
                return nameId(PLAY_SOURCE, row);
            }
            // the scheme the Spotify poller uses too, so a play both polled and imported has one id
            String basis = SpotifyPlayIds.basis(settings.userId(), row.trackUri(), row.endedAt());
            return ids.uriId(basis, nextOrdinal(basis));
        }

        /** An id from the row's names and end time, in {@code source}'s namespace. */
        private String nameId(String source, HistoryRow row) {
            String basis = ids.basis(source, settings.userId(), row.artist(), row.track(), row.endedAt());
            return ids.id(source, basis, nextOrdinal(basis));
        }

        /** How many rows of this file had this id basis before (0 for the first). */
        private int nextOrdinal(String basis) {
            return ordinals.merge(basis, 1, Integer::sum) - 1;
        }
    }

    /**
     * Parses and prepares on a thread of its own, blocks of records ahead, so reading JSON, deriving ids and the
     * ledger look-up overlap with sending (the import is CPU-bound; this uses a second core). Blocks keep the file
     * order; the ledger is asked once per block, just before the block is handed over.
     */
    private static ReadAhead<Object> parseAhead(List<Path> files, Preparer preparer) {
        return new ReadAhead<>("spotify-history-parse", 2048, 16, preparer::markPublished, out -> {
            SpotifyHistoryParser parser = new SpotifyHistoryParser();
            HistoryVisitor visitor = new HistoryVisitor() {
                @Override
                public void row(HistoryRow row) {
                    preparer.prepare(row, out);
                }

                @Override
                public void excluded(ExcludedKind kind) {
                    out.accept(kind);
                }

                @Override
                public void rejected(RecordProblem problem) {
                    out.accept(problem);
                }

                @Override
                public void progress(long bytesRead) {
                    out.accept(new Progress(bytesRead));
                }
            };
            for (Path file : files) {
                preparer.startFile();
                out.accept(new FileStart(file));
                parser.parse(file, visitor);
            }
        });
    }

    private static long sizeOf(Path f) {
        try {
            return Files.size(f);
        } catch (IOException e) {
            return 0;
        }
    }

    private static ProgressBar progressBar(long bytes) {
        return new ProgressBarBuilder().setTaskName("import").setInitialMax(Math.max(1, bytes / 1024))
                .setUnit(" KiB", 1).setConsumer(new ConsoleProgressBarConsumer(System.err))
                .setUpdateIntervalMillis(250).showSpeed().build();
    }

    /** One import run: publishes prepared rows in acknowledged chunks, counts. */
    private final class Run {
        final AckedPublisher.Batch batch = publisher.batch();
        final String userId;
        final byte[] key;
        final PlayEventEncoder playEncoder = new PlayEventEncoder();
        /** Ids sent in this run: a second row with the same id (overlapping files) is a duplicate. */
        final Set<String> seenThisRun = new HashSet<>();
        java.util.function.LongConsumer progress;

        long records;
        long plays;
        long skips;
        long pendingPlays;
        long pendingSkips;
        long duplicates;
        long rejected;
        long publishFailures;
        String firstFailure;
        final Map<ExcludedKind, Long> excluded = new EnumMap<>(ExcludedKind.class);
        final Map<String, Long> rejectedByReason = new LinkedHashMap<>();
        final List<RecordProblem> firstProblems = new ArrayList<>();

        Run(HistoryImportSettings settings) {
            this.userId = settings.userId();
            this.key = Topics.PLAYS.keySerde().encode(userId);
        }

        void prepared(Prepared row) {
            if (!row.secondOfRow()) {
                records++;
            }
            if (row.inLedger() || !seenThisRun.add(row.id())) {
                duplicates++;
                metrics.duplicates(1);
                return;
            }
            HistoryRow r = row.row();
            // plays and feedback are both keyed by user id
            if (row.play()) {
                byte[] value = playEncoder.encode(new PlayEvent(PlayEvent.CURRENT_VERSION, row.id(), userId,
                        r.artist(), r.track(), r.album(), r.endedAt(), r.msPlayed(), PLAY_SOURCE));
                batch.sendEncoded(Topics.PLAYS.name(), key, value, r.endedAt().toEpochMilli(), row.id());
                pendingPlays++;
            } else {
                byte[] value = Topics.FEEDBACK.valueSerde().encode(FeedbackEvent.of(userId, FeedbackType.SKIP,
                        new ItemRef(r.artist(), r.track()), r.endedAt(), PLAY_SOURCE));
                batch.sendEncoded(Topics.FEEDBACK.name(), key, value, r.endedAt().toEpochMilli(), row.id());
                pendingSkips++;
            }
            if (batch.size() >= CHUNK) {
                commit();
            }
        }

        void excluded(ExcludedKind kind) {
            records++;
            excluded.merge(kind, 1L, Long::sum);
            metrics.excluded(1);
        }

        void rejected(RecordProblem problem) {
            if (problem.index() >= 0) {
                records++;
            }
            rejected++;
            rejectedByReason.merge(problem.kind(), 1L, Long::sum);
            metrics.rejected(1);
            if (firstProblems.size() < FIRST_PROBLEMS) {
                firstProblems.add(problem);
            }
        }

        void progress(long bytesRead) {
            if (progress != null) {
                progress.accept(bytesRead);
            }
        }

        /** Waits for the broker's acknowledgements, then writes the acknowledged ids to the ledger. */
        void commit() {
            if (batch.size() == 0) {
                return;
            }
            AckedPublisher.Outcome outcome = batch.awaitAcks();
            ledger.addAll(outcome.acked());
            long failedSkips = outcome.failed().keySet().stream().filter(SpotifyHistoryImporter::isSkipId).count();
            long ackedPlays = pendingPlays - (outcome.failed().size() - failedSkips);
            long ackedSkips = pendingSkips - failedSkips;
            plays += ackedPlays;
            skips += ackedSkips;
            metrics.accepted(ackedPlays);
            metrics.skips(ackedSkips);
            metrics.publishFailures(outcome.failed().size());
            pendingPlays = 0;
            pendingSkips = 0;
            if (!outcome.failed().isEmpty()) {
                publishFailures += outcome.failed().size();
                if (firstFailure == null) {
                    firstFailure = outcome.failed().values().iterator().next();
                }
                // not in the ledger: a later run may publish them
                seenThisRun.removeAll(new LinkedHashSet<>(outcome.failed().keySet()));
            }
        }
    }

    static boolean isSkipId(String id) {
        return id.startsWith(SKIP_SOURCE + ":");
    }
}
