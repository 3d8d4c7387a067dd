package io.switchboard.contracts.block;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.contracts.WireJson;

/**
 * A user blocked another ({@code blocked} true) or lifted the block (false), as chat-service
 * publishes it on {@link io.switchboard.contracts.chat.Topics#USER_BLOCKS} once stored, keyed by
 * the blocker. Every realtime-service instance reads them all and stops (or resumes) showing each
 * of the two users' presence and typing to the other, on the sockets it holds.
 */
public record BlockChange(UUID blockerId, UUID blockedId, boolean blocked, Instant time) {

    private static final ObjectMapper JSON = WireJson.mapper();

    public BlockChange {
        if (blockerId == null || blockedId == null || time == null) {
            throw new IllegalArgumentException("a block change names both users and its time");
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
    public static BlockChange decode(byte[] bytes) {
        try {
            return JSON.readValue(bytes, BlockChange.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
