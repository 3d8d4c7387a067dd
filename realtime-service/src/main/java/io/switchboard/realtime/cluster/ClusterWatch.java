package io.switchboard.realtime.cluster;

import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.PresenceStatus;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.Sessions;
import io.vertx.core.Vertx;

/**
 * Every heartbeat interval: proves this instance alive, and notices instances that died without
 * a goodbye. Those of their users connected nowhere else are fired as {@link DeadInstanceUsers},
 * for presence to tell the users here who share a chat with them (each instance tells its own).
 * One instance at a time then clears the dead instances' rows, once every instance has had time
 * to notice, recording in the {@link PresenceLog} that those connected nowhere else went offline
 * at its last heartbeat (and pruning that log).
 */
@ApplicationScoped
class ClusterWatch {

    private static final Logger LOG = Logger.getLogger(ClusterWatch.class);
    private static final long CLEANUP_LOCK = 0x5357_5244_4952L;

    private record Dead(int slot, UUID instanceId, Instant lastHeartbeat) {
    }

    private final DataSource db;
    private final InstanceSlot instance;
    private final Inbox inbox;
    private final Directory directory;
    private final Event<DeadInstanceUsers> offline;
    private final Sessions sessions;
    private final Vertx vertx;
    private final RealtimeConfig config;
    private final Set<UUID> noticed = new HashSet<>();
    private final Continuity continuity;

    ClusterWatch(DataSource db, InstanceSlot instance, Inbox inbox, Directory directory,
                 Event<DeadInstanceUsers> offline, Sessions sessions, Vertx vertx, RealtimeConfig config) {
        this.db = db;
        this.instance = instance;
        this.inbox = inbox;
        this.directory = directory;
        this.offline = offline;
        this.sessions = sessions;
        this.vertx = vertx;
        this.config = config;
        this.continuity = new Continuity(2 * config.cluster().heartbeatInterval().toNanos());
    }

    void start(@Observes StartupEvent startup) {
        vertx.setPeriodic(config.cluster().heartbeatInterval().toMillis(),
                id -> Thread.ofVirtual().name("cluster-watch").start(this::watch));
    }

    private synchronized void watch() {
        if (instance.isDraining()) {
            return;
        }
        long timeout = config.cluster().instanceTimeout().toNanos();
        try {
            if (!instance.heartbeat()) {
                rejoin();
                return;
            }
            continuity.beat(System.nanoTime());
            if (!continuity.steadyFor(timeout)) {
                return; // just back from an outage the others shared: they heartbeat again first
            }
            for (Dead dead : deadInstances(config.cluster().instanceTimeout().toMillis())) {
                if (noticed.add(dead.instanceId())) {
                    LOG.warnf("Instance %s (slot %d) stopped heartbeating", dead.instanceId(), dead.slot());
                    announceItsUsersOffline(dead);
                }
            }
            if (continuity.steadyFor(2 * timeout)) {
                clearLongDead();
            }
        } catch (SQLException | RuntimeException e) {
            continuity.broken();
            LOG.errorf(e, "Cluster watch failed");
        }
    }

    /** This instance stalled so long that its slot was given away: its sockets start over. */
    private void rejoin() throws SQLException {
        LOG.error("This instance lost its slot (it stalled past the instance timeout); its sockets reconnect");
        sessions.all().forEach(session -> session.close(CloseCodes.SERVICE_RESTART, "rejoining the cluster"));
        instance.claim();
        inbox.reassign();
    }

    private void announceItsUsersOffline(Dead dead) throws SQLException {
        var users = new ArrayList<UUID>();
        try (var connection = db.getConnection(); var query = connection.prepareStatement(
                "SELECT user_id FROM realtime_connections WHERE slot = ? AND instance_id = ?")) {
            query.setInt(1, dead.slot());
            query.setObject(2, dead.instanceId());
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    users.add(rows.getObject(1, UUID.class));
                }
            }
        }
        var states = directory.states(users);
        var gone = users.stream().filter(user -> states.get(user).status().equals(PresenceStatus.OFFLINE)).toList();
        if (!gone.isEmpty()) {
            offline.fire(new DeadInstanceUsers(gone, dead.lastHeartbeat()));
        }
    }

    /** Rows of instances dead for twice the timeout: every instance has noticed; remove them. */
    private void clearLongDead() throws SQLException {
        try (var connection = db.getConnection()) {
            connection.setAutoCommit(false);
            try (var lock = connection.prepareStatement("SELECT pg_try_advisory_xact_lock(?)")) {
                lock.setLong(1, CLEANUP_LOCK);
                try (var rows = lock.executeQuery()) {
                    rows.next();
                    if (!rows.getBoolean(1)) {
                        connection.rollback();
                        return;
                    }
                }
            }
            for (Dead dead : deadInstances(2 * config.cluster().instanceTimeout().toMillis())) {
                var users = new ArrayList<UUID>();
                try (var delete = connection.prepareStatement(
                        "DELETE FROM realtime_connections WHERE slot = ? AND instance_id = ? RETURNING user_id")) {
                    delete.setInt(1, dead.slot());
                    delete.setObject(2, dead.instanceId());
                    try (var rows = delete.executeQuery()) {
                        while (rows.next()) {
                            users.add(rows.getObject(1, UUID.class));
                        }
                    }
                }
                if (!users.isEmpty()) {
                    Directory.seen(connection, users, dead.lastHeartbeat());
                    var offline = directory.states(connection, users).entrySet().stream()
                            .filter(state -> state.getValue().status().equals(PresenceStatus.OFFLINE))
                            .map(Map.Entry::getKey).toList();
                    PresenceLog.offlineSince(connection, offline, dead.lastHeartbeat());
                }
                try (var delete = connection.prepareStatement(
                        "DELETE FROM realtime_instances WHERE slot = ? AND instance_id = ?")) {
                    delete.setInt(1, dead.slot());
                    delete.setObject(2, dead.instanceId());
                    delete.executeUpdate();
                }
            }
            // Rows left by an instance whose slot another one holds now.
            try (var orphans = connection.prepareStatement("""
                    DELETE FROM realtime_connections c WHERE NOT EXISTS (
                      SELECT 1 FROM realtime_instances i WHERE i.slot = c.slot AND i.instance_id = c.instance_id)""")) {
                orphans.executeUpdate();
            }
            PresenceLog.prune(connection);
            connection.commit();
        }
    }

    /**
     * Instances silent for {@code silentMillis} before this instance's own last heartbeat, not
     * before now: should PostgreSQL stall between that heartbeat and this query, every other
     * heartbeat would look old by now(), while measured against this instance's own the live ones
     * are as recent as it.
     */
    private List<Dead> deadInstances(long silentMillis) throws SQLException {
        var dead = new ArrayList<Dead>();
        try (var connection = db.getConnection(); var query = connection.prepareStatement("""
                SELECT slot, instance_id, heartbeat_at FROM realtime_instances
                 WHERE heartbeat_at < (SELECT heartbeat_at FROM realtime_instances WHERE slot = ? AND instance_id = ?)
                                      - make_interval(secs => ?)""")) {
            query.setInt(1, instance.slot());
            query.setObject(2, instance.instanceId());
            query.setDouble(3, silentMillis / 1000.0);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    Timestamp beat = rows.getTimestamp(3);
                    dead.add(new Dead(rows.getInt(1), rows.getObject(2, UUID.class), beat.toInstant()));
                }
            }
        }
        return dead;
    }
}
