package io.switchboard.realtime;

import java.time.Duration;
import java.util.UUID;

import io.switchboard.devstack.TestTokens;
import io.switchboard.devstack.TestSocket;

/** A user with a valid access token, new for each test so tests do not see each other's chats. */
public record People(UUID id, String name, String token) {

    public static People create(String name) {
        var id = UUID.randomUUID();
        return new People(id, name, TestTokens.get().token(id, name, "user"));
    }

    public String tokenFor(Duration lifetime) {
        return TestTokens.get().token(id, name, lifetime);
    }

    /** A socket past its opening: connected, and a first frame sent (so live events flow at once). */
    public TestSocket connect() {
        var socket = RealtimeUrl.connect(token);
        socket.next("connected");
        socket.send("{\"type\":\"ping\"}");
        socket.next("pong");
        return socket;
    }
}
