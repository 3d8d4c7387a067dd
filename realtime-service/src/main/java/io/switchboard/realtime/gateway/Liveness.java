package io.switchboard.realtime.gateway;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.Sessions;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;

/**
 * Keeps sockets honest, once a second: closes those whose token expired (4001) and those silent
 * past the liveness timeout (dead peers), and pings the rest at the ping interval.
 */
@ApplicationScoped
class Liveness {

    private final Sessions sessions;
    private final Departures departures;
    private final DeliveryMetrics metrics;
    private final Vertx vertx;
    private final long pingIntervalNanos;
    private final long timeoutNanos;
    private long lastPingNanos = System.nanoTime();

    Liveness(Sessions sessions, Departures departures, DeliveryMetrics metrics, Vertx vertx, RealtimeConfig config) {
        this.sessions = sessions;
        this.departures = departures;
        this.metrics = metrics;
        this.vertx = vertx;
        this.pingIntervalNanos = config.liveness().pingInterval().toNanos();
        this.timeoutNanos = config.liveness().timeout().toNanos();
    }

    void start(@Observes StartupEvent startup) {
        metrics.gauge("switchboard.ws.connections", "Open WebSocket connections on this instance", sessions::count);
        vertx.setPeriodic(1_000, id -> sweep());
    }

    private void sweep() {
        var now = Instant.now();
        long nowNanos = System.nanoTime();
        boolean ping = nowNanos - lastPingNanos >= pingIntervalNanos;
        if (ping) {
            lastPingNanos = nowNanos;
        }
        for (ClientSession session : sessions.all()) {
            if (session.isClosing()) {
                continue;
            }
            if (!session.expiresAt().isAfter(now)) {
                metrics.closed("token_expired");
                session.close(CloseCodes.TOKEN_EXPIRED, "token expired");
            } else if (!session.isReplaying() && nowNanos - session.lastHeardNanos() > timeoutNanos) {
                metrics.closed("dead");
                session.close(CloseCodes.GOING_AWAY, "no answer to pings");
                Thread.ofVirtual().start(() -> departures.depart(session)); // its close may never finish
            } else if (ping) {
                session.connection().sendPing(Buffer.buffer("ka")).subscribe().with(ok -> { }, failure -> { });
            }
        }
    }
}
