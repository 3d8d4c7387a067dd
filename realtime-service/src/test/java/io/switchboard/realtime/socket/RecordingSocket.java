package io.switchboard.realtime.socket;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.websockets.next.CloseReason;

/**
 * A socket just opened ({@code connected} written, its opening hold still on), without a
 * network, for unit tests above this package: what is written to it and the closes asked of it
 * are recorded.
 */
public final class RecordingSocket {

    private static final ObjectMapper JSON = new ObjectMapper();

    public final List<String> written = new CopyOnWriteArrayList<>();
    public final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    public final ClientSession session;

    public RecordingSocket(UUID user) {
        this(user, new TokenBucket(20, 40, System.nanoTime()));
    }

    public RecordingSocket(UUID user, TokenBucket rateLimit) {
        session = TestConnections.session(TestConnections.connection("socket-" + UUID.randomUUID(), written, closes),
                user, 1 << 20, rateLimit);
        session.open(Frame.of("connected", "{\"type\":\"connected\"}", false, Instant.now()));
        written.clear();
    }

    /** The frames written, as JSON. */
    public List<JsonNode> frames() {
        return written.stream().map(RecordingSocket::parse).toList();
    }

    /** The frames written of one type. */
    public List<JsonNode> frames(String type) {
        return frames().stream().filter(frame -> frame.path("type").asText().equals(type)).toList();
    }

    private static JsonNode parse(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
