package io.tastestream.ingest.replay;

import io.tastestream.core.event.ItemTagsEvent;
import io.tastestream.core.event.PlayEvent;
import io.tastestream.core.topic.Topic;
import io.tastestream.core.topic.Topics;
import io.tastestream.ingest.common.PlayEventEncoder;
import io.tastestream.ingest.common.ReadAhead;
import io.tastestream.ingest.common.ProducerSettings;
import io.tastestream.ingest.dataset.Dataset;
import io.tastestream.ingest.dataset.DatasetReader;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;
import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Publishes a dataset to Kafka: every artist's tags to {@code item-tags}, then the plays to {@code plays} in
 * event-time order, each record stamped with its event time. Keys and values go through the {@link Topics} codecs.
 *
 * <pre>{@code
 * try (Replayer replayer = new Replayer("localhost:9092")) {
 *     ReplaySummary summary = replayer.replay(Path.of("data/synthetic"), ReplaySettings.defaults());
 * }
 * }</pre>
 *
 * One replay at a time per instance; {@link #stop()} may be called from any thread (e.g. a shutdown hook).
 */
public final class Replayer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Replayer.class);
    private static final int FIRST_PROBLEMS = 10;

    private final Producer<byte[], byte[]> producer;
    private final boolean ownsProducer;
    private volatile boolean stopRequested;

    /** With its own producer (see {@link #producerConfig}), closed by {@link #close()}. */
    public Replayer(String bootstrapServers) {
        this(new KafkaProducer<>(producerConfig(bootstrapServers)), true);
    }

    /** With the caller's producer, which the caller closes. */
    public Replayer(Producer<byte[], byte[]> producer) {
        this(producer, false);
    }

    private Replayer(Producer<byte[], byte[]> producer, boolean ownsProducer) {
        this.producer = producer;
        this.ownsProducer = ownsProducer;
    }

    /**
     * Safe and fast: acks=all with idempotence (a retried batch is not written twice), and larger, lingering,
     * lz4-compressed batches because a replay is a bulk load, not latency-sensitive traffic.
     */
    public static Map<String, Object> producerConfig(String bootstrapServers) {
        Map<String, Object> c = ProducerSettings.reliable(bootstrapServers, "tastestream-replay");
        c.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        c.put(ProducerConfig.LINGER_MS_CONFIG, 20);
        c.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        c.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        c.put(ProducerConfig.BUFFER_MEMORY_CONFIG, 64L * 1024 * 1024);
        return c;
    }

    /** Reads the directory (or Last.fm-1K file), plans and publishes. */
    public ReplaySummary replay(Path data, ReplaySettings settings) throws IOException {
        Dataset dataset = new DatasetReader().read(data);
        return publish(ReplayPlanner.plan(dataset, settings), settings);
    }

    /**
     * Asks a running replay to stop after the current record; it still flushes what it sent. Sticky: a replay
     * started on this instance afterwards stops at once (so a Ctrl-C just before publishing is not lost).
     */
    public void stop() {
        stopRequested = true;
    }

    /** Publishes a plan: its tag events, then its plays (paced when a rate is set), then flushes. */
    public ReplaySummary publish(ReplayPlan plan, ReplaySettings settings) {
        long started = System.nanoTime();
        Counter tags = new Counter();
        Counter plays = new Counter();
        boolean stopped = false;
        try (ProgressBar bar = settings.progress() ? progressBar(plan.events()) : null) {
            for (ItemTagsEvent event : plan.tagEvents()) {
                if (stopRequested) {
                    stopped = true;
                    break;
                }
                send(Topics.ITEM_TAGS, event.item().key(), event, event.at(), tags);
                step(bar);
            }
            long playsStarted = System.nanoTime();
            try (ReadAhead<EncodedPlay> ahead = encodeAhead(plan.plays())) {
                int i = 0;
                for (List<EncodedPlay> block = ahead.next(); !block.isEmpty() && !stopped; block = ahead.next()) {
                    for (EncodedPlay play : block) {
                        if (stopRequested || !pace(settings.ratePerSecond(), playsStarted, i)) {
                            stopped = true;
                            break;
                        }
                        producer.send(new ProducerRecord<>(Topics.PLAYS.name(), null, play.timestamp(), play.key(),
                                play.value()), plays);
                        step(bar);
                        i++;
                    }
                }
            } catch (IllegalStateException interrupted) {
                if (!Thread.currentThread().isInterrupted()) {
                    throw interrupted;
                }
                stopped = true; // interrupted while waiting for the next block: a stop, not a failure
            }
            producer.flush();
        }
        Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
        Dataset data = plan.dataset();
        List<io.tastestream.ingest.dataset.LineProblem> problems =
                data.problems().subList(0, Math.min(FIRST_PROBLEMS, data.problems().size()));
        long failures = tags.failed.get() + plays.failed.get();
        String firstFailure = tags.firstFailure.get() != null ? tags.firstFailure.get() : plays.firstFailure.get();
        return new ReplaySummary(data.location().toString(), data.kind(), tags.acked.get(), plays.acked.get(),
                plan.plays().size(), failures, firstFailure, data.problemCount(), problems, data.problemKinds(),
                plan.playsNote(),
                plan.firstPlayAt(), plan.lastPlayAt(), elapsed, stopped);
    }

    private <V> void send(Topic<String, V> topic, String key, V value, Instant eventTime, Counter counter) {
        byte[] k = topic.keySerde().encode(key);
        byte[] v = topic.valueSerde().encode(value);
        producer.send(new ProducerRecord<>(topic.name(), null, eventTime.toEpochMilli(), k, v), counter);
    }

    private record EncodedPlay(byte[] key, byte[] value, long timestamp) {
    }

    /**
     * Makes and encodes the plays on a thread of its own, blocks of them ahead, in order: making a play (its id
     * hashes names) and encoding it cost more than sending it, so a second core halves the replay's critical path.
     */
    private static ReadAhead<EncodedPlay> encodeAhead(PlaySequence plays) {
        return new ReadAhead<>("replay-encode", 1024, 32, block -> { }, out -> {
            // plays are nearly every record of a replay: the fast writer of the codec's bytes
            PlayEventEncoder encoder = new PlayEventEncoder();
            for (int i = 0; i < plays.size(); i++) {
                PlayEvent play = plays.get(i);
                out.accept(new EncodedPlay(Topics.PLAYS.keySerde().encode(play.userId()), encoder.encode(play),
                        play.playedAt().toEpochMilli()));
            }
        });
    }

    /**
     * Waits until play {@code index} is due at the given rate. Spacing from the start (not from the previous
     * send) keeps the average exact even when sleeps overshoot. Returns false when interrupted.
     */
    private boolean pace(double ratePerSecond, long startNanos, int index) {
        if (ratePerSecond <= 0) {
            return true;
        }
        long due = startNanos + (long) (index * 1e9 / ratePerSecond);
        long wait;
        while ((wait = due - System.nanoTime()) > 0) {
            if (stopRequested) {
                return false;
            }
            LockSupport.parkNanos(Math.min(wait, TimeUnit.MILLISECONDS.toNanos(100)));
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    private static ProgressBar progressBar(long max) {
        return new ProgressBarBuilder().setTaskName("replay").setInitialMax(max).setUnit(" events", 1)
                .setConsumer(new ConsoleProgressBarConsumer(System.err)).setUpdateIntervalMillis(500).showSpeed()
                .build();
    }

    private static void step(ProgressBar bar) {
        if (bar != null) {
            bar.step();
        }
    }

    @Override
    public void close() {
        if (ownsProducer) {
            producer.close(Duration.ofSeconds(30));
        }
    }

    /** Counts acknowledgements; runs on the producer's I/O thread. */
    private static final class Counter implements Callback {
        final AtomicLong acked = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicReference<String> firstFailure = new AtomicReference<>();

        @Override
        public void onCompletion(org.apache.kafka.clients.producer.RecordMetadata metadata, Exception e) {
            if (e == null) {
                acked.incrementAndGet();
            } else {
                failed.incrementAndGet();
                if (firstFailure.compareAndSet(null, e.getClass().getSimpleName() + ": " + e.getMessage())) {
                    log.error("publishing failed: {}", e.toString());
                }
            }
        }
    }
}
