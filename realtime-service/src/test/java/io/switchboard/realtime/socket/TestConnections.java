package io.switchboard.realtime.socket;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** Sockets without a network, for unit tests: a connection whose text frames land in a list. */
final class TestConnections {

    private TestConnections() {
    }

    /** An open connection with this id; each text frame sent on it is added to {@code written}. */
    static WebSocketConnection connection(String id, List<String> written) {
        return (WebSocketConnection) Proxy.newProxyInstance(TestConnections.class.getClassLoader(),
                new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendText" -> {
                        written.add((String) args[0]);
                        yield Uni.createFrom().voidItem();
                    }
                    case "close" -> Uni.createFrom().voidItem();
                    case "id" -> id;
                    case "isClosed" -> false;
                    case "isOpen" -> true;
                    default -> null;
                });
    }

    /** A session of the user on such a connection, with an outbound soft limit of {@code softLimit} bytes. */
    static ClientSession session(String id, UUID user, List<String> written, int softLimit) {
        var connection = connection(id, written);
        var outbound = new Outbound(connection, null, softLimit, 4L * softLimit, frame -> { }, () -> { });
        return new ClientSession(connection, user, "token", Instant.now().plusSeconds(60), outbound,
                new TokenBucket(20, 40, System.nanoTime()));
    }
}
