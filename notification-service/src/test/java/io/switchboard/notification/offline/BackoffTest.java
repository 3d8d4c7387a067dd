package io.switchboard.notification.offline;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** Storing is tried again soon after a blip and every few seconds through an outage, however long. */
class BackoffTest {

    @Test
    void startsShortDoublesAndStopsAtTheCap() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(Backoff.STORE::after).map(Duration::toMillis))
                .containsExactly(100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
    }

    @Test
    void aVeryLongOutageStaysAtTheCap() {
        assertThat(Backoff.STORE.after(10_000)).isEqualTo(Duration.ofSeconds(5));
        assertThat(Backoff.STORE.after(Integer.MAX_VALUE)).isEqualTo(Duration.ofSeconds(5));
    }
}
