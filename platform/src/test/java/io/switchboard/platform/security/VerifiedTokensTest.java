package io.switchboard.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

class VerifiedTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    @Test
    void aVerifiedTokenIsFoundByItsExactText() {
        var tokens = new VerifiedTokens(10, Duration.ofSeconds(60), now::get);
        var verified = expiringIn(Duration.ofMinutes(15));
        tokens.put("header.claims.signature", verified);

        assertThat(tokens.get("header.claims.signature")).isSameAs(verified);
        assertThat(tokens.get("header.claims.signaturX")).isNull();
        assertThat(tokens.get("header.claims.signature ")).isNull();
    }

    @Test
    void anEntryHoldsForTheTtlAtMost() {
        var tokens = new VerifiedTokens(10, Duration.ofSeconds(60), now::get);
        tokens.put("t", expiringIn(Duration.ofMinutes(15)));

        now.addAndGet(59_999);
        assertThat(tokens.get("t")).isNotNull();
        now.addAndGet(1);
        assertThat(tokens.get("t")).isNull();
        assertThat(tokens.size()).isZero();
    }

    @Test
    void anEntryNeverOutlivesItsToken() {
        var tokens = new VerifiedTokens(10, Duration.ofSeconds(60), now::get);
        tokens.put("t", expiringIn(Duration.ofSeconds(5)));

        now.addAndGet(4_999);
        assertThat(tokens.get("t")).isNotNull();
        now.addAndGet(1);
        assertThat(tokens.get("t")).isNull();
    }

    @Test
    void anExpiredTokenIsNotRemembered() {
        var tokens = new VerifiedTokens(10, Duration.ofSeconds(60), now::get);
        tokens.put("t", expiringIn(Duration.ofSeconds(-1)));

        assertThat(tokens.size()).isZero();
    }

    @Test
    void theCacheStaysWithinItsSize() {
        var tokens = new VerifiedTokens(3, Duration.ofSeconds(60), now::get);
        tokens.put("short", expiringIn(Duration.ofSeconds(1)));
        tokens.put("a", expiringIn(Duration.ofMinutes(15)));
        tokens.put("b", expiringIn(Duration.ofMinutes(15)));
        now.addAndGet(2_000);

        tokens.put("c", expiringIn(Duration.ofMinutes(15)));
        assertThat(tokens.size()).isEqualTo(3); // the expired one made room
        assertThat(tokens.get("a")).isNotNull();

        tokens.put("d", expiringIn(Duration.ofMinutes(15)));
        assertThat(tokens.size()).isLessThanOrEqualTo(3);
        assertThat(tokens.get("d")).isNotNull();
    }

    @Test
    void theSessionIdIsKeptWithTheToken() {
        var tokens = new VerifiedTokens(10, Duration.ofSeconds(60), now::get);
        tokens.put("t", expiringIn(Duration.ofMinutes(15)));

        assertThat(tokens.get("t").sessionId()).isEqualTo("session-1");
    }

    @Test
    void sizeZeroTurnsItOff() {
        var tokens = new VerifiedTokens(0, Duration.ofSeconds(60), now::get);
        tokens.put("t", expiringIn(Duration.ofMinutes(15)));

        assertThat(tokens.get("t")).isNull();
    }

    private VerifiedTokens.Verified expiringIn(Duration duration) {
        long exp = (now.get() + duration.toMillis()) / 1000;
        return VerifiedTokens.Verified.of(new JsonWebToken() {
            @Override
            public String getName() {
                return "someone";
            }

            @Override
            public Set<String> getClaimNames() {
                return Set.of("exp", "sid");
            }

            @Override
            @SuppressWarnings("unchecked")
            public <T> T getClaim(String claimName) {
                return switch (claimName) {
                    case "exp" -> (T) Long.valueOf(exp);
                    case "sid" -> (T) "session-1";
                    default -> null;
                };
            }
        });
    }
}
