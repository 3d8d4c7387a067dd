package io.switchboard.platform.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.security.SessionRevocation;

class RevokedSessionsTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final RevokedSessions revoked = new RevokedSessions(null, now::get);

    @Test
    void aRevokedSessionIsRefusedUntilItsTokensWouldHaveExpired() {
        revoked.add(new SessionRevocation("s1", "u1", Instant.ofEpochMilli(now.get() + 60_000)));

        assertThat(revoked.isRevoked("s1")).isTrue();
        assertThat(revoked.isRevoked("s2")).isFalse();
        assertThat(revoked.isRevoked(null)).isFalse();
        now.addAndGet(60_000);
        assertThat(revoked.isRevoked("s1")).isFalse();
    }

    @Test
    void aRevocationWhoseTokensExpiredAlreadyIsNotKept() {
        revoked.add(new SessionRevocation("s1", "u1", Instant.ofEpochMilli(now.get() - 1)));

        assertThat(revoked.isRevoked("s1")).isFalse();
        assertThat(revoked.size()).isZero();
    }

    @Test
    void theLaterOfTwoRevocationsOfOneSessionHolds() {
        revoked.add(new SessionRevocation("s1", "u1", Instant.ofEpochMilli(now.get() + 120_000)));
        revoked.add(new SessionRevocation("s1", "u1", Instant.ofEpochMilli(now.get() + 60_000)));

        now.addAndGet(90_000);
        assertThat(revoked.isRevoked("s1")).isTrue();
    }

    @Test
    void manyExpiredEntriesAreDroppedWhenMoreArrive() {
        for (int i = 0; i <= 10_000; i++) {
            revoked.add(new SessionRevocation("old" + i, "u", Instant.ofEpochMilli(now.get() + 1_000)));
        }
        now.addAndGet(2_000);
        revoked.add(new SessionRevocation("new", "u", Instant.ofEpochMilli(now.get() + 1_000)));

        assertThat(revoked.size()).isEqualTo(1);
        assertThat(revoked.isRevoked("new")).isTrue();
    }

    @Test
    void theWireFormatIsSnakeCaseJsonAndRoundTrips() {
        var revocation = new SessionRevocation("s1", "u1", Instant.parse("2026-12-04T10:00:00Z"));

        assertThat(new String(revocation.encode()))
                .isEqualTo("{\"sid\":\"s1\",\"user_id\":\"u1\",\"until\":\"2026-12-04T10:00:00Z\"}");
        assertThat(SessionRevocation.decode(revocation.encode())).isEqualTo(revocation);
        assertThatThrownBy(() -> SessionRevocation.decode("{\"user_id\":\"u1\"}".getBytes()))
                .isInstanceOf(RuntimeException.class);
    }
}
