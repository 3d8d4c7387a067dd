package io.switchboard.platform.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;

class ServiceTokensTest {

    private final AtomicLong now = new AtomicLong(1_000_000);
    private final AtomicInteger issued = new AtomicInteger();

    private ServiceTokens tokens(long expiresInSeconds) {
        return new ServiceTokens(() -> new ServiceTokens.Issued("t" + issued.incrementAndGet(), expiresInSeconds), now::get);
    }

    @Test
    void aTokenIsKeptUntilAMinuteBeforeItExpires() {
        var tokens = tokens(900);
        assertThat(tokens.bearer()).isEqualTo("Bearer t1");
        now.addAndGet(839_000);
        assertThat(tokens.bearer()).isEqualTo("Bearer t1");
        now.addAndGet(1_000);
        assertThat(tokens.bearer()).isEqualTo("Bearer t2");
    }

    @Test
    void aRefusedTokenIsReplacedAtTheNextCall() {
        var tokens = tokens(900);
        assertThat(tokens.bearer()).isEqualTo("Bearer t1");
        tokens.invalidate();
        assertThat(tokens.bearer()).isEqualTo("Bearer t2");
        assertThat(tokens.bearer()).isEqualTo("Bearer t2");
    }

    @Test
    void aTokenShorterThanAMinuteIsNotKept() {
        var tokens = tokens(30);
        assertThat(tokens.bearer()).isEqualTo("Bearer t1");
        assertThat(tokens.bearer()).isEqualTo("Bearer t2");
    }
}
