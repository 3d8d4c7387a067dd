package io.switchboard.platform.security;

import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

import org.eclipse.microprofile.jwt.JsonWebToken;

/**
 * Tokens whose signature and claims were already verified, by their exact text, so that a client
 * sending many requests with one access token pays for the RSA verification once. An entry holds
 * until the token expires or for {@code ttl}, whichever comes first; a token that differs in any
 * character (another signature, say) is a different key and is verified afresh. Bounded: when
 * full, expired entries go, and if that is not enough, all of them.
 */
final class VerifiedTokens {

    /**
     * A verified token and its session id, read once: smallrye-jwt looks up a claim outside the
     * standard set ({@code sid} is one) by throwing and catching an exception, which cost a tenth
     * of a REST request's worker-thread time when it was read on every request.
     */
    record Verified(JsonWebToken jwt, String sessionId) {

        static Verified of(JsonWebToken jwt) {
            return new Verified(jwt, jwt.getClaim("sid"));
        }
    }

    private record Entry(Verified token, long validUntilMillis) {
    }

    private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();
    private final int maxSize;
    private final long ttlMillis;
    private final LongSupplier clockMillis;

    VerifiedTokens(int maxSize, Duration ttl, LongSupplier clockMillis) {
        this.maxSize = maxSize;
        this.ttlMillis = ttl.toMillis();
        this.clockMillis = clockMillis;
    }

    /** The verified token, or null when it is not here or no longer holds. */
    Verified get(String token) {
        var entry = entries.get(token);
        if (entry == null) {
            return null;
        }
        if (clockMillis.getAsLong() >= entry.validUntilMillis()) {
            entries.remove(token, entry);
            return null;
        }
        return entry.token();
    }

    /** Remembers a token that was just verified. */
    void put(String token, Verified verified) {
        if (maxSize <= 0 || ttlMillis <= 0) {
            return;
        }
        long now = clockMillis.getAsLong();
        long validUntil = Math.min(now + ttlMillis, verified.jwt().getExpirationTime() * 1000);
        if (validUntil <= now) {
            return;
        }
        if (entries.size() >= maxSize) {
            entries.values().removeIf(e -> now >= e.validUntilMillis());
            if (entries.size() >= maxSize) {
                entries.clear();
            }
        }
        entries.put(token, new Entry(verified, validUntil));
    }

    int size() {
        return entries.size();
    }
}
