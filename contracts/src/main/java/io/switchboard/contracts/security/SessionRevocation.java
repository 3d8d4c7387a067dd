package io.switchboard.contracts.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.contracts.WireJson;

/**
 * A session that ended before its access tokens expire (logout, password change, an admin ending
 * a user's sessions): every access token whose {@code sid} claim is {@code sid} is refused from now
 * on, and every socket opened with one closes with 4001. {@code until} is when the last of those
 * tokens expires anyway; after it the entry is forgotten. Published by auth-service on
 * {@link io.switchboard.contracts.chat.Topics#SESSION_REVOCATIONS}, keyed by user id.
 */
public record SessionRevocation(String sid, String userId, Instant until) {

    private static final ObjectMapper JSON = WireJson.mapper();

    public SessionRevocation {
        if (sid == null || sid.isBlank() || until == null) {
            throw new IllegalArgumentException("a revocation names a session and how long it holds");
        }
    }

    /** JSON, snake_case, ISO-8601 UTC. */
    public byte[] encode() {
        try {
            return JSON.writeValueAsBytes(this);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Unknown fields are ignored; anything else malformed throws. */
    public static SessionRevocation decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, SessionRevocation.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
