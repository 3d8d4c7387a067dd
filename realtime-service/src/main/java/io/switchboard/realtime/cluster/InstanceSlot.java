package io.switchboard.realtime.cluster;

import java.sql.SQLException;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.realtime.config.RealtimeConfig;

/**
 * This instance's place in the cluster: a slot, which is the partition of the inbox topic it
 * reads. Claimed at start (the lowest slot that is free, or whose holder has been silent for
 * twice the instance timeout, so that every instance noticed it died before the slot is reused)
 * and kept alive by {@link #heartbeat()}.
 */
@ApplicationScoped
public class InstanceSlot {

    private static final Logger LOG = Logger.getLogger(InstanceSlot.class);

    private final DataSource db;
    private final RealtimeConfig config;
    private final UUID instanceId = UUID.randomUUID();
    private volatile int slot = -1;
    private volatile boolean draining;

    public InstanceSlot(DataSource db, RealtimeConfig config) {
        this.db = db;
        this.config = config;
    }

    void start(@Observes @Priority(10) StartupEvent startup) throws SQLException {
        claim();
    }

    void claim() throws SQLException {
        int slots = config.cluster().inboxPartitions();
        try (var connection = db.getConnection(); var claim = connection.prepareStatement("""
                INSERT INTO realtime_instances (slot, instance_id, started_at, heartbeat_at)
                VALUES (?, ?, now(), now())
                ON CONFLICT (slot) DO UPDATE
                   SET instance_id = EXCLUDED.instance_id, started_at = now(), heartbeat_at = now()
                 WHERE realtime_instances.heartbeat_at < now() - 2 * make_interval(secs => ?)""")) {
            for (int candidate = 0; candidate < slots; candidate++) {
                claim.setInt(1, candidate);
                claim.setObject(2, instanceId);
                claim.setDouble(3, config.cluster().instanceTimeout().toMillis() / 1000.0);
                if (claim.executeUpdate() == 1) {
                    slot = candidate;
                    LOG.infof("Instance %s holds slot %d of %d", instanceId, slot, slots);
                    return;
                }
            }
        }
        throw new IllegalStateException("All " + slots + " slots are held by live instances; raise "
                + "REALTIME_CLUSTER_INBOX_PARTITIONS or stop an instance");
    }

    /** False when the slot was lost (this instance stalled past the timeout and was replaced). */
    boolean heartbeat() throws SQLException {
        try (var connection = db.getConnection(); var beat = connection.prepareStatement(
                "UPDATE realtime_instances SET heartbeat_at = now() WHERE slot = ? AND instance_id = ?")) {
            beat.setInt(1, slot);
            beat.setObject(2, instanceId);
            return beat.executeUpdate() == 1;
        }
    }

    /** Gives the slot back and forgets this instance's users (a graceful stop). */
    void release() throws SQLException {
        try (var connection = db.getConnection()) {
            try (var rows = connection.prepareStatement(
                    "DELETE FROM realtime_connections WHERE slot = ? AND instance_id = ?")) {
                rows.setInt(1, slot);
                rows.setObject(2, instanceId);
                rows.executeUpdate();
            }
            try (var instance = connection.prepareStatement(
                    "DELETE FROM realtime_instances WHERE slot = ? AND instance_id = ?")) {
                instance.setInt(1, slot);
                instance.setObject(2, instanceId);
                instance.executeUpdate();
            }
        }
    }

    /** From now on the instance refuses new sockets and is not ready. */
    void drain() {
        draining = true;
    }

    public boolean isDraining() {
        return draining;
    }

    public int slot() {
        return slot;
    }

    public UUID instanceId() {
        return instanceId;
    }
}
