package io.switchboard.realtime.socket;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;
import io.smallrye.mutiny.subscription.UniEmitter;

/**
 * A connection without a network whose writes stay under way until the test lets the client
 * read them ({@link #read}) or the peer goes away ({@link #fail}): for what a socket holds
 * meanwhile. It records the text frames handed to it and the closes asked of it.
 */
final class PacedConnection {

    final List<String> sent = new CopyOnWriteArrayList<>();
    final List<CloseReason> closes = new CopyOnWriteArrayList<>();
    private final Queue<UniEmitter<? super Void>> underWay = new ConcurrentLinkedQueue<>();
    volatile boolean closed;

    final WebSocketConnection connection = (WebSocketConnection) Proxy.newProxyInstance(
            PacedConnection.class.getClassLoader(), new Class<?>[] {WebSocketConnection.class},
            (proxy, method, args) -> switch (method.getName()) {
                case "sendText" -> {
                    sent.add((String) args[0]);
                    yield Uni.createFrom().<Void>emitter(underWay::add);
                }
                case "close" -> {
                    closes.add(args == null ? CloseReason.NORMAL : (CloseReason) args[0]);
                    yield Uni.createFrom().voidItem();
                }
                case "id" -> "paced";
                case "isClosed" -> closed;
                case "isOpen" -> !closed;
                default -> null;
            });

    /** The client reads every frame written so far. */
    void read() {
        UniEmitter<? super Void> write;
        while ((write = underWay.poll()) != null) {
            write.complete(null);
        }
    }

    /** Every write under way fails: the peer went away. */
    void fail() {
        UniEmitter<? super Void> write;
        while ((write = underWay.poll()) != null) {
            write.fail(new IllegalStateException("connection reset"));
        }
    }
}
