package io.switchboard.platform.concurrent;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * How a worker that serves many callers together takes its next batch: it waits a moment for a
 * first request, then takes whatever else arrived meanwhile, so requests that come while a batch
 * is being handled share the next one. Used by chat-service's send batcher and realtime-service's
 * membership loader.
 */
public final class Batches {

    private Batches() {
    }

    /**
     * Waits up to {@code wait} for a first element, then moves it and whatever else is queued
     * already into {@code batch}, {@code max} in all at the most; false when nothing came (the
     * caller checks whether it should still run, and asks again).
     */
    public static <T> boolean take(BlockingQueue<T> queue, List<? super T> batch, int max, Duration wait)
            throws InterruptedException {
        var first = queue.poll(wait.toNanos(), TimeUnit.NANOSECONDS);
        if (first == null) {
            return false;
        }
        batch.add(first);
        queue.drainTo(batch, max - 1);
        return true;
    }
}
