package io.tastestream.ingest.common;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.function.Consumer;

/**
 * Runs a producer of items on a thread of its own and hands them to the calling thread in blocks, in order, a
 * bounded number of blocks ahead: the imports and replay are CPU-bound, and making records (parsing, ids,
 * encoding) on one core while the caller sends them on another halves their critical path.
 *
 * <p>The caller takes blocks with {@link #next()} until it returns an empty block (the end), and must close this
 * before closing anything the producer uses: {@link #close()} stops the producer at its next item and waits for
 * its thread. A failure of the producer is thrown by {@code next()} once the blocks made before it are taken.
 */
public final class ReadAhead<T> implements AutoCloseable {

    /** Makes the items: calls {@code out.accept} for each, in order. */
    @FunctionalInterface
    public interface Producer<T> {
        void produce(Consumer<T> out);
    }

    private final BlockingQueue<List<T>> queue;
    private final Thread thread;
    private final int blockSize;
    private final Consumer<List<T>> beforeHandOver;
    private volatile boolean stopped;
    private volatile RuntimeException failure;
    private List<T> block;
    /** The caller has taken the end (caller's thread only). */
    private boolean ended;

    /**
     * @param beforeHandOver runs on the producer's thread on each full block just before the caller can see it
     *                       (e.g. a look-up batched per block); may be a no-op
     */
    public ReadAhead(String threadName, int blockSize, int blocksAhead, Consumer<List<T>> beforeHandOver,
                     Producer<T> producer) {
        this.queue = new ArrayBlockingQueue<>(blocksAhead);
        this.blockSize = blockSize;
        this.beforeHandOver = beforeHandOver;
        this.block = new ArrayList<>(blockSize);
        thread = new Thread(() -> {
            try {
                producer.produce(this::add);
                handOver();
            } catch (Stopped e) {
                return; // closed: nobody reads any more
            } catch (RuntimeException e) {
                failure = e;
            }
            try {
                queue.put(List.of()); // the end
            } catch (InterruptedException e) {
                // closed
            }
        }, threadName);
        thread.setDaemon(true);
        thread.start();
    }

    /**
     * The next block in order; empty at the end, and on every call after it. Throws the producer's failure once the blocks before it are taken,
     * and {@link IllegalStateException} (with the interrupt flag set again) when the caller is interrupted.
     */
    public List<T> next() {
        if (ended) {
            return List.of();
        }
        try {
            List<T> b = queue.take();
            if (b.isEmpty()) {
                ended = true;
                if (failure != null) {
                    throw failure;
                }
            }
            return b;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            stopped = true;
            thread.interrupt();
            throw new IllegalStateException(thread.getName() + ": interrupted while waiting for the next block", e);
        }
    }

    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void add(T item) {
        if (stopped) {
            throw new Stopped();
        }
        block.add(item);
        if (block.size() >= blockSize) {
            handOver();
        }
    }

    private void handOver() {
        if (block.isEmpty()) {
            return;
        }
        beforeHandOver.accept(block);
        try {
            queue.put(block);
        } catch (InterruptedException e) {
            throw new Stopped();
        }
        block = new ArrayList<>(blockSize);
    }

    /** Unwinds the producer when the caller closed this. */
    private static final class Stopped extends RuntimeException {
        Stopped() {
            super("read-ahead stopped", null, false, false);
        }
    }
}
