package io.tastestream.ingest.spotify.history;

import io.tastestream.core.event.FeedbackEvent;
import io.tastestream.core.event.FeedbackType;
import io.tastestream.core.event.ItemRef;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.common.AckedPublisher;
import io.tastestream.ingest.common.PublishedIdLedger;
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
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;

/**
 * Imports Spotify export files for one user: music plays to {@code plays} (source {@code spotify-history},
 * playedAt = when the play ended), short or skipped plays as SKIP to {@code feedback}; podcasts, audiobooks and
 * video left out and counted; bad records reported and passed over. Every published record's id goes into the
 * {@link PublishedIdLedger} once Kafka has acknowledged it, so importing the same export again publishes nothing.
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

    public SpotifyHistoryImporter(AckedPublisher publisher, PublishedIdLedger ledger) {
        this.publisher = publisher;
        this.ledger = ledger;
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
            ParseAhead ahead = new ParseAhead(distinct);
            long done = 0;
            for (List<Object> block = ahead.next(); !block.isEmpty(); block = ahead.next()) {
                for (Object item : block) {
                    if (item instanceof HistoryRow row) {
                        run.row(row);
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
                        run.startFile(start.file(), bar == null ? null : bytes -> bar.stepTo((base + bytes) / 1024));
                    } else if (item instanceof Progress progress) {
                        run.progress(progress.bytesRead());
                    }
                }
            }
            if (bar != null) {
                bar.stepTo(done / 1024);
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
     * Parses on a thread of its own, one block of records ahead, so reading JSON overlaps with id hashing,
     * encoding and sending (the import is CPU-bound; this uses a second core). Blocks keep the file order.
     */
    private static final class ParseAhead implements HistoryVisitor {
        private static final int BLOCK = 2048;
        private final java.util.concurrent.BlockingQueue<List<Object>> queue =
                new java.util.concurrent.ArrayBlockingQueue<>(16);
        private final Thread thread;
        private volatile RuntimeException failure;
        private List<Object> block = new ArrayList<>(BLOCK);

        ParseAhead(List<Path> files) {
            thread = new Thread(() -> {
                try {
                    SpotifyHistoryParser parser = new SpotifyHistoryParser();
                    for (Path file : files) {
                        add(new FileStart(file));
                        parser.parse(file, this);
                    }
                } catch (RuntimeException e) {
                    failure = e;
                } finally {
                    flush();
                    put(List.of()); // the end
                }
            }, "spotify-history-parse");
            thread.setDaemon(true);
            thread.start();
        }

        /** The next block in file order; empty at the end. */
        List<Object> next() {
            try {
                List<Object> b = queue.take();
                if (b.isEmpty() && failure != null) {
                    throw failure;
                }
                return b;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                thread.interrupt();
                throw new IllegalStateException("import interrupted", e);
            }
        }

        private void add(Object item) {
            block.add(item);
            if (block.size() >= BLOCK) {
                flush();
            }
        }

        private void flush() {
            if (!block.isEmpty()) {
                put(block);
                block = new ArrayList<>(BLOCK);
            }
        }

        private void put(List<Object> b) {
            try {
                queue.put(b);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void row(HistoryRow row) {
            add(row);
        }

        @Override
        public void excluded(ExcludedKind kind) {
            add(kind);
        }

        @Override
        public void rejected(RecordProblem problem) {
            add(problem);
        }

        @Override
        public void progress(long bytesRead) {
            add(new Progress(bytesRead));
        }
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

    /** One import run: classifies rows, publishes in acknowledged chunks, counts. */
    private final class Run implements HistoryVisitor {
        final HistoryImportSettings settings;
        final long minPlayMs;
        final HistoryIds ids = new HistoryIds();
        final AckedPublisher.Batch batch = publisher.batch();
        /** id → was it a play (true) or a skip, for the counts once acknowledged. */
        final Map<String, Boolean> pending = new LinkedHashMap<>();
        final Set<String> seenThisRun = new HashSet<>();
        Map<String, Integer> ordinals = new HashMap<>();
        java.util.function.LongConsumer progress;

        long records;
        long plays;
        long skips;
        long duplicates;
        long rejected;
        long publishFailures;
        String firstFailure;
        final Map<ExcludedKind, Long> excluded = new EnumMap<>(ExcludedKind.class);
        final Map<String, Long> rejectedByReason = new LinkedHashMap<>();
        final List<RecordProblem> firstProblems = new ArrayList<>();

        Run(HistoryImportSettings settings) {
            this.settings = settings;
            this.minPlayMs = settings.minPlay().toMillis();
        }

        /** Ordinals count per file: the same file (or an overlapping export) again yields the same ids. */
        void startFile(Path file, java.util.function.LongConsumer progress) {
            this.ordinals = new HashMap<>();
            this.progress = progress;
        }

        @Override
        public void row(HistoryRow row) {
            records++;
            boolean skip = row.msPlayed() < minPlayMs || Boolean.TRUE.equals(row.skipped());
            String source = skip ? SKIP_SOURCE : PLAY_SOURCE;
            String basis = ids.basis(source, settings.userId(), row.artist(), row.track(), row.endedAt());
            int ordinal = ordinals.merge(basis, 1, Integer::sum) - 1;
            String id = ids.id(source, basis, ordinal);
            if (!seenThisRun.add(id) || ledger.contains(id)) {
                duplicates++;
                return;
            }
            if (skip) {
                FeedbackEvent fb = FeedbackEvent.of(settings.userId(), FeedbackType.SKIP,
                        new ItemRef(row.artist(), row.track()), row.endedAt(), PLAY_SOURCE);
                batch.send(Topics.FEEDBACK, settings.userId(), fb, row.endedAt(), id);
            } else {
                PlayEvent play = new PlayEvent(PlayEvent.CURRENT_VERSION, id, settings.userId(), row.artist(),
                        row.track(), row.album(), row.endedAt(), row.msPlayed(), PLAY_SOURCE);
                batch.send(Topics.PLAYS, settings.userId(), play, row.endedAt(), id);
            }
            pending.put(id, !skip);
            if (pending.size() >= CHUNK) {
                commit();
            }
        }

        @Override
        public void excluded(ExcludedKind kind) {
            records++;
            excluded.merge(kind, 1L, Long::sum);
        }

        @Override
        public void rejected(RecordProblem problem) {
            if (problem.index() >= 0) {
                records++;
            }
            rejected++;
            rejectedByReason.merge(problem.kind(), 1L, Long::sum);
            if (firstProblems.size() < FIRST_PROBLEMS) {
                firstProblems.add(problem);
            }
        }

        @Override
        public void progress(long bytesRead) {
            if (progress != null) {
                progress.accept(bytesRead);
            }
        }

        /** Waits for the broker's acknowledgements, then writes the acknowledged ids to the ledger. */
        void commit() {
            if (pending.isEmpty()) {
                return;
            }
            AckedPublisher.Outcome outcome = batch.awaitAcks();
            ledger.addAll(outcome.acked());
            for (String id : outcome.acked()) {
                if (pending.get(id)) {
                    plays++;
                } else {
                    skips++;
                }
            }
            if (!outcome.failed().isEmpty()) {
                publishFailures += outcome.failed().size();
                if (firstFailure == null) {
                    firstFailure = outcome.failed().values().iterator().next();
                }
                // not in the ledger: a later run may publish them
                seenThisRun.removeAll(new LinkedHashSet<>(outcome.failed().keySet()));
            }
            pending.clear();
        }
    }
}
