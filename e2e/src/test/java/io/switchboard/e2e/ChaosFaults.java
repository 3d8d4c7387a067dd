package io.switchboard.e2e;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import io.switchboard.devstack.ServiceProcess;

/**
 * Injects one fault and returns when it has ended: the server resumed or started again, the
 * instance restarted and ready, the dropped clients free to reconnect. Realtime faults always hit
 * instance B, so that the clients of instance A that nothing else drops stay connected throughout
 * and measure what a connected client gets through every other fault.
 */
final class ChaosFaults {

    /** One injected fault, and how it healed: filled in as the soak goes. */
    static final class Run {
        final ChaosFault fault;
        final int round;
        volatile Instant start = Instant.now();
        volatile Instant end;
        volatile String detail = "";
        volatile Instant probeStored;
        volatile long probeSeq = -1;
        volatile Instant healed;
        /** When every client connected at that moment had the probe (the servers' part of the heal). */
        volatile Instant connectedHealed;
        volatile int clientsShort;
        /** Findings whose event chat-service wrote between {@link #start} and the heal (or the heal timeout). */
        long missing;
        long duplicated;
        long outOfOrder;
        /** Sockets that ended in the same window, not by the soak's doing: by how. */
        final java.util.Map<String, Integer> socketsLost = new java.util.TreeMap<>();

        Run(ChaosFault fault, int round) {
            this.fault = fault;
            this.round = round;
        }

        /** The fault proper starts now (after its preparation). */
        void startNow() {
            start = Instant.now();
        }

        Duration lasted() {
            return end == null ? null : Duration.between(start, end);
        }

        Duration healTime() {
            return healed == null || end == null ? null : Duration.between(end, healed);
        }

        /** From the fault's end until every client then connected had the probe. */
        Duration connectedHealTime() {
            return connectedHealed == null || end == null ? null : Duration.between(end, connectedHealed);
        }

        /** Until when an event written is counted against this fault. */
        Instant windowEnd(Duration healTimeout) {
            if (healed != null) {
                return healed;
            }
            return (end != null ? end : start).plus(healTimeout);
        }
    }

    private final Stack stack;
    private final ChaosSettings settings;
    private final List<ChaosClient> clients;
    private final int portB;
    private volatile ServiceProcess b;
    private int restarts;

    ChaosFaults(Stack stack, ChaosSettings settings, List<ChaosClient> clients, ServiceProcess b, int portB) {
        this.stack = stack;
        this.settings = settings;
        this.clients = clients;
        this.b = b;
        this.portB = portB;
    }

    /** The instance B of the moment (it is replaced by each realtime fault). */
    ServiceProcess b() {
        return b;
    }

    void inject(Run run) throws InterruptedException {
        var servers = stack.servers;
        switch (run.fault) {
            case POSTGRES_STALL -> {
                servers.stallPostgres();
                try {
                    Thread.sleep(settings.postgresStall());
                } finally {
                    servers.resumePostgres();
                }
                run.detail = settings.postgresStall().toSeconds() + " s stalled";
            }
            case POSTGRES_RESTART -> {
                servers.stopPostgres();
                try {
                    Thread.sleep(settings.down());
                } finally {
                    servers.startPostgres();
                }
                run.detail = settings.down().toSeconds() + " s down";
            }
            case KAFKA_STALL -> {
                servers.stallKafka();
                try {
                    Thread.sleep(settings.kafkaStall());
                } finally {
                    servers.resumeKafka();
                }
                run.detail = settings.kafkaStall().toSeconds() + " s stalled";
            }
            case KAFKA_RESTART -> {
                servers.stopKafka();
                try {
                    Thread.sleep(settings.down());
                } finally {
                    servers.startKafka();
                }
                run.detail = settings.down().toSeconds() + " s down";
            }
            case REALTIME_KILL -> {
                var moved = rebalance();
                run.startNow();
                b.kill();
                Thread.sleep(settings.down());
                restartB();
                run.detail = onB(moved) + "SIGKILL, " + settings.down().toSeconds() + " s down";
            }
            case REALTIME_DRAIN -> {
                var moved = rebalance();
                run.startNow();
                long started = System.nanoTime();
                boolean drained = drain(b, Duration.ofSeconds(60));
                run.detail = onB(moved) + (drained ? "SIGTERM, exited after "
                        + ChaosReport.seconds(Duration.ofNanos(System.nanoTime() - started))
                        : "SIGTERM, still running after 60 s: SIGKILL");
                restartB();
            }
            case NETWORK_DROP -> {
                var connected = new ArrayList<>(clients.stream().filter(ChaosClient::connected).toList());
                Collections.shuffle(connected);
                var dropped = connected.subList(0, Math.min(settings.dropped(), connected.size()));
                dropped.forEach(client -> client.dropNetwork(settings.away()));
                Thread.sleep(settings.away());
                run.detail = dropped.size() + " clients away " + settings.away().toSeconds() + " s";
            }
        }
        run.end = Instant.now();
    }

    /**
     * Before a realtime fault: B should hold its share of the clients, but clients of a killed or
     * drained instance reconnect to whichever answers, so after a restart B holds few. Clients on
     * A that have already reconnected once (never one that stayed connected throughout) are moved
     * to B, as a load balancer would send new connections, until B holds a third of them. The
     * clients on B, and how many were moved.
     */
    private int[] rebalance() throws InterruptedException {
        int wanted = clients.size() / 3;
        var candidates = new ArrayList<>(clients.stream().filter(c -> c.instance() == 0 && c.connections() > 1).toList());
        Collections.shuffle(candidates);
        int onB = (int) clients.stream().filter(c -> c.instance() == 1).count();
        int moved = 0;
        for (var client : candidates) {
            if (onB + moved >= wanted) {
                break;
            }
            client.moveTo(1);
            moved++;
        }
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (moved > 0 && System.nanoTime() < deadline
                && clients.stream().filter(c -> c.instance() == 1).count() < Math.min(wanted, onB + moved)) {
            Thread.sleep(200); // moves take effect as the clients reconnect; fewer in time is reported, not failed
        }
        return new int[] {(int) clients.stream().filter(c -> c.instance() == 1).count(), moved};
    }

    private static String onB(int[] rebalanced) {
        return rebalanced[0] + " clients on B" + (rebalanced[1] > 0 ? " (" + rebalanced[1] + " moved there first)" : "")
                + "; ";
    }

    /** Stops instance B at the end (SIGTERM, SIGKILL after a minute). */
    void stopB() {
        stop(b, Duration.ofSeconds(60));
    }

    /** SIGTERM, and SIGKILL if it is not gone within {@code within}. */
    static void stop(ServiceProcess service, Duration within) {
        try {
            drain(service, within);
        } catch (InterruptedException e) {
            service.kill();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGTERM and wait; SIGKILL if it is not gone within {@code within}. */
    private static boolean drain(ServiceProcess instance, Duration within) throws InterruptedException {
        var closing = Thread.ofVirtual().start(instance::close);
        if (closing.join(within)) {
            return true;
        }
        instance.kill();
        closing.join(Duration.ofSeconds(10));
        return false;
    }

    private void restartB() {
        RuntimeException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                b = stack.startRealtime("b" + (++restarts), portB);
                return;
            } catch (RuntimeException e) {
                last = e; // e.g. the port not yet free: try again
                try {
                    Thread.sleep(Duration.ofSeconds(2)); // the killed instance's port is freed by the kernel a moment later
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
        throw last;
    }
}
