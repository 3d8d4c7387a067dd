package io.switchboard.auth.session;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/** Keeps the refresh_tokens table from growing without end. */
@ApplicationScoped
public class RefreshTokenPurge {

    private final RefreshTokens tokens;

    public RefreshTokenPurge(RefreshTokens tokens) {
        this.tokens = tokens;
    }

    @Scheduled(every = "${auth.purge-interval}", delayed = "1m")
    void purge() {
        tokens.purgeExpired();
    }
}
