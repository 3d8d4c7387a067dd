package io.switchboard.realtime.socket;

/**
 * A per-socket rate limit: {@code perSecond} frames sustained, {@code burst} above it. It also
 * counts frames refused in a row, which tells a flood from a burst.
 */
public final class TokenBucket {

    private final double perNano;
    private final double capacity;
    private double tokens;
    private long refilledAt;
    private int refusedInARow;

    public TokenBucket(int perSecond, int burst, long nowNanos) {
        this.perNano = perSecond / 1e9;
        this.capacity = Math.max(1, burst);
        this.tokens = capacity;
        this.refilledAt = nowNanos;
    }

    /** Takes one token; false when the bucket is empty. */
    public synchronized boolean tryTake(long nowNanos) {
        tokens = Math.min(capacity, tokens + (nowNanos - refilledAt) * perNano);
        refilledAt = nowNanos;
        if (tokens >= 1) {
            tokens -= 1;
            refusedInARow = 0;
            return true;
        }
        refusedInARow++;
        return false;
    }

    public synchronized int refusedInARow() {
        return refusedInARow;
    }
}
