package io.switchboard.devstack;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * A WebSocket client for tests, as a frontend would be: the JDK's, which reads only as fast as
 * the test asks it to ({@link #stopReading()} makes a slow consumer). Received events are kept
 * as JSON; {@link #next} takes the first one that matches and leaves the others for later.
 */
public final class TestSocket implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();

    /** How the token travels. */
    public enum Carrier { HEADER, QUERY, SUBPROTOCOL }

    private final LinkedBlockingQueue<JsonNode> received = new LinkedBlockingQueue<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final List<JsonNode> backlog = new ArrayList<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading = true;
    private final String url;
    private WebSocket socket;

    private TestSocket(String url) {
        this.url = url;
    }

    /** Connects to {@code url} (such as {@code ws://localhost:8083/ws}) with the token in a header. */
    public static TestSocket connect(String url, String token) {
        return connect(url, token, Carrier.HEADER);
    }

    public static TestSocket connect(String url, String token, Carrier carrier) {
        return connect(url, token, carrier, null);
    }

    /** Connects as a page on {@code origin} would: with that Origin header (null: none). */
    public static TestSocket connect(String url, String token, Carrier carrier, String origin) {
        var client = new TestSocket(url);
        client.socket = client.open(token, carrier, origin).join();
        return client;
    }

    /** The HTTP status an upgrade with this token (or none) is refused with; 101 if it was not. */
    public static int refusal(String url, String token, Carrier carrier) {
        return refusal(url, token, carrier, null);
    }

    /** As {@link #refusal(String, String, Carrier)}, from a page on {@code origin} (null: none). */
    public static int refusal(String url, String token, Carrier carrier, String origin) {
        try {
            new TestSocket(url).open(token, carrier, origin).join().abort();
            return 101;
        } catch (CompletionException e) {
            if (e.getCause() instanceof WebSocketHandshakeException handshake) {
                return handshake.getResponse().statusCode();
            }
            throw e;
        }
    }

    private CompletableFuture<WebSocket> open(String token, Carrier carrier, String origin) {
        var builder = HTTP.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5));
        if (origin != null) {
            builder.header("Origin", origin);
        }
        var uri = url;
        if (token != null) {
            switch (carrier) {
                case HEADER -> builder.header("Authorization", "Bearer " + token);
                case QUERY -> uri = url + "?token=" + URLEncoder.encode(token, StandardCharsets.UTF_8);
                // As a browser sends it: encodeURIComponent of the whole entry.
                case SUBPROTOCOL -> builder.subprotocols("bearer-token-carrier",
                        URLEncoder.encode("quarkus-http-upgrade#Authorization#Bearer " + token, StandardCharsets.UTF_8)
                                .replace("+", "%20"));
            }
        }
        return builder.buildAsync(URI.create(uri), new Listener());
    }

    public String subprotocol() {
        return socket.getSubprotocol();
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(java.nio.ByteBuffer.wrap(data), true).join();
    }

    public void send(Object... keyValues) {
        var node = JSON.createObjectNode();
        for (int i = 0; i < keyValues.length; i += 2) {
            node.set((String) keyValues[i], JSON.valueToTree(keyValues[i + 1]));
        }
        send(node.toString());
    }

    /** The next event of this type not yet taken (others stay for later); fails after 10 s. */
    public JsonNode next(String type) {
        return next(event -> event.path("type").asText().equals(type), type);
    }

    public JsonNode next(Predicate<JsonNode> wanted, String description) {
        return next(wanted, description, Duration.ofSeconds(10));
    }

    public JsonNode next(Predicate<JsonNode> wanted, String description, Duration timeout) {
        var event = take(wanted, timeout);
        if (event == null) {
            throw new AssertionError("no " + description + " within " + timeout);
        }
        return event;
    }

    /** Everything of this type that arrives within the window (or arrived untaken before it). */
    public List<JsonNode> all(String type, Duration window) {
        var events = new ArrayList<JsonNode>();
        long deadline = System.nanoTime() + window.toNanos();
        JsonNode event;
        while ((event = take(e -> e.path("type").asText().equals(type),
                Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null) {
            events.add(event);
        }
        return events;
    }

    /** Every event, of any type, that arrives within the window (or arrived untaken before it). */
    public List<JsonNode> drain(Duration window) {
        var events = new ArrayList<JsonNode>();
        long deadline = System.nanoTime() + window.toNanos();
        JsonNode event;
        while ((event = take(e -> true, Duration.ofNanos(Math.max(0, deadline - System.nanoTime())))) != null) {
            events.add(event);
        }
        return events;
    }

    /** Fails if an event of this type arrives within the window. */
    public void expectNone(String type, Duration window) {
        var events = all(type, window);
        if (!events.isEmpty()) {
            throw new AssertionError("unexpected " + events);
        }
    }

    private JsonNode take(Predicate<JsonNode> wanted, Duration timeout) {
        for (var it = backlog.iterator(); it.hasNext(); ) {
            var event = it.next();
            if (wanted.test(event)) {
                it.remove();
                return event;
            }
        }
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode event;
            try {
                event = received.poll(Math.max(0, Math.min(left, 20_000_000L)), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            if (event != null) {
                if (wanted.test(event)) {
                    return event;
                }
                backlog.add(event);
            } else if (left <= 0) {
                return null;
            }
        }
    }

    public void clear() {
        received.clear();
        backlog.clear();
    }

    /** Stops taking frames from the network, as a client that cannot keep up. */
    public void stopReading() {
        reading = false;
    }

    /** Takes frames from the network again after {@link #stopReading}. */
    public void resumeReading() {
        reading = true;
        socket.request(1);
    }

    /** The close code the server sent, waiting up to the timeout. */
    public int closeCode(Duration timeout) {
        try {
            return closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (Exception e) {
            throw new AssertionError("socket not closed within " + timeout);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    @Override
    public void close() {
        if (!socket.isOutputClosed()) {
            socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").exceptionally(e -> null);
        }
        socket.abort();
    }

    private final class Listener implements WebSocket.Listener {
        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                try {
                    received.add(JSON.readTree(partial.toString()));
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
                partial.setLength(0);
            }
            if (reading) {
                webSocket.request(1);
            }
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
