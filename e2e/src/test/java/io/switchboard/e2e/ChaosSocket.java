package io.switchboard.e2e;

import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * One socket of a {@link ChaosClient}: JSON frames in, handed on one at a time (the JDK calls a
 * listener serially); frames out one at a time; how it ended ({@link #closed}: a close code, or
 * one of the client's own reasons).
 */
final class ChaosSocket implements WebSocket.Listener {

    private static final Duration SEND_TIMEOUT = Duration.ofSeconds(10);

    /** Its place among the client's sockets: 1, 2, ... */
    final int index;
    final CompletableFuture<String> closed = new CompletableFuture<>();
    private final BiConsumer<ChaosSocket, JsonNode> frames;
    private final Runnable unreadable;
    private final StringBuilder partial = new StringBuilder();
    volatile WebSocket socket;
    volatile long lastFrame = System.nanoTime();
    volatile boolean greeted;
    /** Closed by the client with a close frame (it aborts itself after the handshake). */
    volatile boolean closing;

    ChaosSocket(int index, BiConsumer<ChaosSocket, JsonNode> frames, Runnable unreadable) {
        this.index = index;
        this.frames = frames;
        this.unreadable = unreadable;
    }

    boolean open() {
        return greeted && !closed.isDone();
    }

    /** A send that cannot finish in 10 s ends the socket. */
    synchronized void send(String text) {
        if (closed.isDone()) {
            return;
        }
        try {
            socket.sendText(text, true).get(SEND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            end(ChaosClient.ERROR);
        }
    }

    /** Ends it at once, without a close frame. */
    void end(String why) {
        closed.complete(why);
        var ws = socket;
        if (ws != null) {
            ws.abort();
        }
    }

    /** Ends it with a close frame (1000). */
    void close(String why) {
        closing = true;
        closed.complete(why); // first: the server's answering close frame must not be taken for its own
        var ws = socket;
        if (ws != null && !ws.isOutputClosed()) {
            ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").orTimeout(2, TimeUnit.SECONDS)
                    .whenComplete((r, e) -> ws.abort());
        }
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
        lastFrame = System.nanoTime();
        partial.append(data);
        if (last) {
            JsonNode event = null;
            try {
                event = ChaosHttp.JSON.readTree(partial.toString());
            } catch (Exception e) {
                unreadable.run();
            }
            partial.setLength(0);
            if (event != null) {
                frames.accept(this, event);
            }
        }
        webSocket.request(1);
        return null;
    }

    @Override
    public CompletionStage<?> onPing(WebSocket webSocket, ByteBuffer message) {
        lastFrame = System.nanoTime();
        return WebSocket.Listener.super.onPing(webSocket, message);
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
        closed.complete(Integer.toString(statusCode));
        return null;
    }

    @Override
    public void onError(WebSocket webSocket, Throwable error) {
        closed.complete(ChaosClient.ERROR);
    }
}
