package io.switchboard.realtime.cluster;

/**
 * How long this instance has heartbeat without a gap. After PostgreSQL stalls or restarts every
 * instance's heartbeat is old at once, and the first instance back must not take the others for
 * dead: it judges another instance only after heartbeating steadily itself for as long as the
 * judgement's silence, time in which a live instance has heartbeat again.
 */
final class Continuity {

    private final long maxGapNanos;
    private long lastBeatNanos;
    private long steadySinceNanos;

    /** {@code maxGapNanos}: the longest time between two heartbeats that still counts as steady. */
    Continuity(long maxGapNanos) {
        this.maxGapNanos = maxGapNanos;
    }

    /** A heartbeat went through at {@code nowNanos}. */
    void beat(long nowNanos) {
        if (lastBeatNanos == 0 || nowNanos - lastBeatNanos > maxGapNanos) {
            steadySinceNanos = nowNanos;
        }
        lastBeatNanos = nowNanos;
    }

    /** A heartbeat failed: the next one starts a new steady run. */
    void broken() {
        lastBeatNanos = 0;
    }

    /** True when the heartbeats have been steady for at least {@code nanos} up to the last one. */
    boolean steadyFor(long nanos) {
        return lastBeatNanos != 0 && lastBeatNanos - steadySinceNanos >= nanos;
    }
}
