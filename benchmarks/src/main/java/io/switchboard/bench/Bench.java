package io.switchboard.bench;

import java.time.Duration;
import java.util.Arrays;

/** Small helpers shared by the benchmark programs. */
final class Bench {

    private Bench() {
    }

    /** The q-quantile (0..1) of the values, in the values' unit. */
    static double quantile(long[] values, double q) {
        if (values.length == 0) {
            return Double.NaN;
        }
        var sorted = values.clone();
        Arrays.sort(sorted);
        int index = (int) Math.ceil(q * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }

    static void pause(Duration duration) {
        try {
            Thread.sleep(duration); // a benchmark's pacing, not a test's waiting
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
