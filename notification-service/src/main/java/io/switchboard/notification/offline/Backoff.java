package io.switchboard.notification.offline;

import java.time.Duration;

/** How long to wait before trying again: {@code first} after one failure, doubling with each, never more than {@code max}. */
record Backoff(Duration first, Duration max) {

    /** Storing chat events: quick while a blip passes, then every few seconds while an outage lasts. */
    static final Backoff STORE = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(5));

    Duration after(int failures) {
        int doublings = Math.clamp(failures - 1, 0, 30); // 2^30 times any sensible first wait is past any max
        long millis = first.toMillis() << doublings;
        return Duration.ofMillis(Math.min(millis, max.toMillis()));
    }
}
