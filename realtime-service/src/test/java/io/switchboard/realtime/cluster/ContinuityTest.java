package io.switchboard.realtime.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ContinuityTest {

    private static final long S = 1_000_000_000L;

    @Test
    void steadyHeartbeatsAddUp() {
        var continuity = new Continuity(2 * S);
        for (long t = 1; t <= 11; t++) {
            continuity.beat(t * S);
        }
        assertThat(continuity.steadyFor(10 * S)).isTrue();
        assertThat(continuity.steadyFor(11 * S)).isFalse();
    }

    @Test
    void aGapLongerThanTheLimitStartsAgain() {
        var continuity = new Continuity(2 * S);
        continuity.beat(1 * S);
        continuity.beat(2 * S);
        continuity.beat(62 * S); // a minute stalled: back, but not steady
        assertThat(continuity.steadyFor(1)).isFalse();
        continuity.beat(63 * S);
        continuity.beat(64 * S);
        assertThat(continuity.steadyFor(2 * S)).isTrue();
    }

    @Test
    void aFailedHeartbeatStartsAgain() {
        var continuity = new Continuity(2 * S);
        continuity.beat(1 * S);
        continuity.beat(2 * S);
        continuity.broken();
        assertThat(continuity.steadyFor(0)).isFalse();
        continuity.beat(3 * S);
        assertThat(continuity.steadyFor(1)).isFalse();
    }

    @Test
    void nothingIsSteadyBeforeTheFirstHeartbeat() {
        assertThat(new Continuity(2 * S).steadyFor(0)).isFalse();
    }
}
