package io.tastestream.ingest.lastfm;

import java.util.concurrent.TimeUnit;

/**
 * A token bucket shared by every Last.fm call of a process: {@link #acquire()} blocks until a token is free.
 *
 * <p>With a burst of 1 the bucket spaces calls at least 1/rate apart, so no window of one second holds more than
 * {@code rate} calls. A larger burst would allow {@code burst + rate} calls in some second, which is exactly what
 * Last.fm's "5 requests per second" rule forbids. {@link #forLastfm} keeps 5 % headroom because Last.fm counts
 * arrivals, and network jitter can bring two calls closer together than they were sent.
 */
public final class TokenBucket {
    private final double tokensPerNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;

    public TokenBucket(double ratePerSecond, int burst) {
        if (!(ratePerSecond > 0) || burst < 1) {
            throw new IllegalArgumentException("rate must be > 0 and burst >= 1, was " + ratePerSecond + ", " + burst);
        }
        this.tokensPerNano = ratePerSecond / TimeUnit.SECONDS.toNanos(1);
        this.capacity = burst;
        this.tokens = burst;
        this.refilledAt = System.nanoTime();
    }

    /** At most {@code requestsPerSecond} arrivals in any one-second window, with headroom for jitter. */
    public static TokenBucket forLastfm(double requestsPerSecond) {
        return new TokenBucket(requestsPerSecond * 0.95, 1);
    }

    /** Blocks until a token is available and takes it. */
    public void acquire() throws InterruptedException {
        long wait;
        synchronized (this) {
            refill();
            // reserve now and sleep outside the lock; tokens may go negative, which queues later callers behind us
            tokens -= 1;
            wait = tokens >= 0 ? 0 : (long) Math.ceil(-tokens / tokensPerNano);
        }
        if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
        }
    }

    /** Empties the bucket, e.g. after a "rate limit exceeded" answer, so the next call waits a full interval. */
    public synchronized void drain() {
        refill();
        tokens = Math.min(tokens, 0);
    }

    private void refill() {
        long now = System.nanoTime();
        tokens = Math.min(capacity, tokens + (now - refilledAt) * tokensPerNano);
        refilledAt = now;
    }
}
