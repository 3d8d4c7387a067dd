package io.switchboard.contracts.push;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.contracts.WireJson;

/** The wire format of {@link UserEvent}s: JSON, snake_case, ISO-8601 UTC; unknown fields ignored. */
public final class UserEventCodec {

    private final ObjectMapper json = WireJson.mapper();

    public byte[] encode(UserEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public UserEvent decode(byte[] bytes) {
        try {
            return json.readValue(bytes, UserEvent.class);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
