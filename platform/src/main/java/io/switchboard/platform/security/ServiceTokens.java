package io.switchboard.platform.security;

import java.util.function.LongSupplier;
import java.util.function.Supplier;

/**
 * A backend's own access token (role {@code service}), got from auth-service by client
 * credentials and kept until a minute before it expires, or until a call was refused with it.
 * {@code issue} asks auth-service for a new one (and throws when it cannot).
 */
public final class ServiceTokens {

    /** What auth-service's token endpoint answered. */
    public record Issued(String accessToken, long expiresInSeconds) {
    }

    private static final long RENEW_BEFORE_SECONDS = 60;

    private final Supplier<Issued> issue;
    private final LongSupplier clockMillis;
    private String bearer;
    private long renewAtMillis = Long.MIN_VALUE;

    public ServiceTokens(Supplier<Issued> issue) {
        this(issue, System::currentTimeMillis);
    }

    ServiceTokens(Supplier<Issued> issue, LongSupplier clockMillis) {
        this.issue = issue;
        this.clockMillis = clockMillis;
    }

    /** {@code Bearer <token>}: a new one when the kept one is close to expiring or was refused. */
    public synchronized String bearer() {
        if (bearer == null || clockMillis.getAsLong() >= renewAtMillis) {
            var issued = issue.get();
            bearer = "Bearer " + issued.accessToken();
            renewAtMillis = clockMillis.getAsLong() + Math.max(0, issued.expiresInSeconds() - RENEW_BEFORE_SECONDS) * 1000;
        }
        return bearer;
    }

    /** Forgets the token (after a 401), so the next call gets a new one. */
    public synchronized void invalidate() {
        bearer = null;
    }
}
