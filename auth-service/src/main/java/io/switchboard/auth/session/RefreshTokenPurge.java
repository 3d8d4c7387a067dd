package io.switchboard.auth.session;

import jakarta.enterprise.context.ApplicationScoped;

import io.quarkus.scheduler.Scheduled;

/** Keeps the refresh_tokens and session_revocations tables from growing without end. */
@ApplicationScoped
public class RefreshTokenPurge {

    private final RefreshTokens tokens;
    private final SessionRevocations revocations;

    public RefreshTokenPurge(RefreshTokens tokens, SessionRevocations revocations) {
        this.tokens = tokens;
        this.revocations = revocations;
    }

    @Scheduled(every = "${auth.purge-interval}", delayed = "1m")
    void purge() {
        tokens.purgeExpired();
        revocations.purge();
    }
}
