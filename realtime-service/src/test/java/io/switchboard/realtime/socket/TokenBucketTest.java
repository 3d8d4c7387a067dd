package io.switchboard.realtime.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TokenBucketTest {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void aBurstIsTakenAtOnceThenTheRateRefillsIt() {
        var bucket = new TokenBucket(20, 40, 0);
        for (int i = 0; i < 40; i++) {
            assertThat(bucket.tryTake(0)).as("frame %d of the burst", i).isTrue();
        }
        assertThat(bucket.tryTake(0)).isFalse();

        assertThat(bucket.tryTake(SECOND / 20)).as("one token a twentieth of a second later").isTrue();
        assertThat(bucket.tryTake(SECOND / 20)).isFalse();
        assertThat(bucket.tryTake(100 * SECOND)).isTrue(); // refilled, but never above the burst:
        for (int i = 1; i < 40; i++) {
            assertThat(bucket.tryTake(100 * SECOND)).isTrue();
        }
        assertThat(bucket.tryTake(100 * SECOND)).isFalse();
    }

    @Test
    void refusalsInARowAreCountedUntilAFrameGetsThrough() {
        var bucket = new TokenBucket(1, 1, 0);
        bucket.tryTake(0);
        bucket.tryTake(0);
        bucket.tryTake(0);
        assertThat(bucket.refusedInARow()).isEqualTo(2);

        assertThat(bucket.tryTake(SECOND)).isTrue();
        assertThat(bucket.refusedInARow()).isZero();
    }
}
