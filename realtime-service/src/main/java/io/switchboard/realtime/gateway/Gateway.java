package io.switchboard.realtime.gateway;

import java.io.IOException;

import org.jboss.logging.Logger;

import io.quarkus.websockets.next.OnBinaryMessage;
import io.quarkus.websockets.next.OnClose;
import io.quarkus.websockets.next.OnError;
import io.quarkus.websockets.next.OnOpen;
import io.quarkus.websockets.next.OnPongMessage;
import io.quarkus.websockets.next.OnTextMessage;
import io.quarkus.websockets.next.WebSocket;
import io.quarkus.websockets.next.WebSocketConnection;
import io.smallrye.common.annotation.NonBlocking;
import io.smallrye.common.annotation.RunOnVirtualThread;
import io.switchboard.realtime.protocol.Requests;
import io.switchboard.realtime.security.InboundFrames;
import io.switchboard.realtime.security.TokenUpgradeCheck;
import io.switchboard.realtime.socket.Sessions;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;

/**
 * {@code /ws}: one socket per device. The upgrade was already refused without a valid token
 * ({@link TokenUpgradeCheck}). A socket arrives ({@link Arrivals}), its frames are carried out by
 * {@link Requests} one at a time, in order, on virtual threads (calls to chat-service block), and
 * it departs ({@link Departures}).
 */
@WebSocket(path = "/ws")
public class Gateway {

    private static final Logger LOG = Logger.getLogger(Gateway.class);

    private final Sessions sessions;
    private final Requests requests;
    private final Arrivals arrivals;
    private final Departures departures;

    public Gateway(Sessions sessions, Requests requests, Arrivals arrivals, Departures departures) {
        this.sessions = sessions;
        this.requests = requests;
        this.arrivals = arrivals;
        this.departures = departures;
    }

    @OnOpen
    @RunOnVirtualThread
    public void open(WebSocketConnection connection) {
        arrivals.arrive(connection);
    }

    @OnTextMessage
    @RunOnVirtualThread
    public void message(WebSocketConnection connection, String text) {
        try {
            var session = sessions.get(connection.id());
            if (session != null && !session.isClosing()) {
                session.heard();
                requests.handle(session, text);
            }
        } finally {
            InboundFrames.handled(connection.userData().get(TokenUpgradeCheck.CHANNEL));
        }
    }

    @OnBinaryMessage
    @RunOnVirtualThread
    public void binary(WebSocketConnection connection, Buffer data) {
        try {
            var session = sessions.get(connection.id());
            if (session != null && !session.isClosing()) {
                session.heard();
                requests.binary(session);
            }
        } finally {
            InboundFrames.handled(connection.userData().get(TokenUpgradeCheck.CHANNEL));
        }
    }

    @OnPongMessage
    @NonBlocking
    public void pong(WebSocketConnection connection, Buffer data) {
        var session = sessions.get(connection.id());
        if (session != null) {
            session.heard();
        }
    }

    @OnClose
    @RunOnVirtualThread
    public void close(WebSocketConnection connection) {
        var session = sessions.get(connection.id());
        if (session == null) {
            return;
        }
        departures.depart(session);
    }

    /**
     * Vert.x reports a message above the configured maximum here; a peer that went away is logged
     * at debug, anything else as an error.
     */
    @OnError
    public void error(WebSocketConnection connection, Throwable failure) {
        var session = sessions.get(connection.id());
        if (session != null && failure instanceof IllegalStateException && String.valueOf(failure.getMessage())
                .contains("max message size")) {
            InboundFrames.handled(connection.userData().get(TokenUpgradeCheck.CHANNEL)); // answered here
            requests.tooLarge(session);
            return;
        }
        if (failure instanceof HttpClosedException || failure instanceof IOException) {
            // a peer that went away mid-send, or reset its connection: its client reconnects and resumes
            LOG.debugf("Socket %s went away: %s", connection.id(), failure.toString());
            return;
        }
        LOG.errorf(failure, "WebSocket failure on %s", connection.id());
    }
}
