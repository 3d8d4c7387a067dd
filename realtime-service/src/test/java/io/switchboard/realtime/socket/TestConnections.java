package io.switchboard.realtime.socket;

import java.lang.reflect.Proxy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.quarkus.websockets.next.CloseReason;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.mutiny.Uni;

/** Sockets without a network, for unit tests: a connection whose text frames land in a list. */
public final class TestConnections {

    private TestConnections() {
    }

    /** An open connection with this id; each text frame sent on it is added to {@code written}. */
    public static WebSocketConnection connection(String id, List<String> written) {
        return connection(id, written, new ArrayList<>());
    }

    /** As {@link #connection(String, List)}; each close asked of it is added to {@code closes}. */
    public static WebSocketConnection connection(String id, List<String> written, List<CloseReason> closes) {
        return (WebSocketConnection) Proxy.newProxyInstance(TestConnections.class.getClassLoader(),
                new Class<?>[] {WebSocketConnection.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "sendText" -> {
                        written.add((String) args[0]);
                        yield Uni.createFrom().voidItem();
                    }
                    case "close" -> {
                        closes.add(args == null ? CloseReason.NORMAL : (CloseReason) args[0]);
                        yield Uni.createFrom().voidItem();
                    }
                    case "id" -> id;
                    case "isClosed" -> false;
                    case "isOpen" -> true;
                    default -> null;
                });
    }

    /** A session of the user on such a connection, with an outbound soft limit of {@code softLimit} bytes. */
    public static ClientSession session(String id, UUID user, List<String> written, int softLimit) {
        return session(connection(id, written), user, softLimit, new TokenBucket(20, 40, System.nanoTime()));
    }

    /** A session of the user on this connection, with this rate limit; the hard limit is four soft limits. */
    public static ClientSession session(WebSocketConnection connection, UUID user, int softLimit,
                                        TokenBucket rateLimit) {
        var outbound = new Outbound(connection, null, softLimit, 4L * softLimit, frame -> { }, () -> { });
        return new ClientSession(connection, user, "token", Instant.now().plusSeconds(60), outbound, rateLimit);
    }
}
