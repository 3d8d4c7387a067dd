package io.switchboard.realtime.cluster;

import java.sql.SQLException;
import java.time.Duration;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import sun.misc.Signal;

import io.quarkus.runtime.LaunchMode;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.Sessions;

/**
 * A graceful stop (SIGTERM): the instance stops taking sockets and reports not ready, tells every
 * client to reconnect elsewhere (close 1012, then the client resumes), waits for the sockets to
 * go within the drain grace, gives its slot back, and only then lets Quarkus shut down (which
 * would otherwise close the sockets with a plain 1000 first). Any other shutdown drains as well,
 * as far as it still can.
 */
@ApplicationScoped
class Drain {

    private static final Logger LOG = Logger.getLogger(Drain.class);

    private final InstanceSlot instance;
    private final Sessions sessions;
    private final DeliveryMetrics metrics;
    private final Duration grace;

    Drain(InstanceSlot instance, Sessions sessions, DeliveryMetrics metrics, RealtimeConfig config) {
        this.instance = instance;
        this.sessions = sessions;
        this.metrics = metrics;
        this.grace = config.drain().grace();
    }

    void onStart(@Observes StartupEvent startup) {
        if (LaunchMode.current() == LaunchMode.NORMAL) {
            Signal.handle(new Signal("TERM"), signal -> Thread.ofPlatform().name("drain").start(() -> {
                try {
                    drain();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                Quarkus.asyncExit(0);
            }));
        }
    }

    void onShutdown(@Observes @Priority(1) ShutdownEvent shutdown) throws InterruptedException {
        drain();
    }

    synchronized void drain() throws InterruptedException {
        if (instance.isDraining()) {
            return;
        }
        instance.drain();
        int open = sessions.count();
        LOG.infof("Draining: asking %d sockets to reconnect elsewhere", open);
        sessions.all().forEach(session -> {
            metrics.closed("drain");
            session.close(CloseCodes.SERVICE_RESTART, "server restarting: reconnect and resume");
        });
        long deadline = System.nanoTime() + grace.toNanos();
        while (sessions.count() > 0 && System.nanoTime() < deadline) {
            Thread.sleep(50); // sockets close on their own event loops; poll their count until the grace ends
        }
        try {
            instance.release();
        } catch (SQLException e) {
            LOG.warnf("Could not release slot %d: %s", instance.slot(), e.toString());
        }
        LOG.infof("Drained (%d sockets left)", sessions.count());
    }
}
