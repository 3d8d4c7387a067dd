package io.switchboard.realtime.cluster;

import static io.switchboard.contracts.realtime.PresenceStatus.AWAY;
import static io.switchboard.contracts.realtime.PresenceStatus.OFFLINE;
import static io.switchboard.contracts.realtime.PresenceStatus.ONLINE;

import java.sql.Array;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.ClientSession;

/**
 * Which instance holds whose sockets, in PostgreSQL: every instance writes its own users' rows
 * (batched: changes made while a write is under way go together in the next one) and looks up
 * where the recipients of an event are. Rows count only while their instance heartbeats. A write
 * that takes a user online or offline over the cluster records it in the {@link PresenceLog}.
 */
@ApplicationScoped
public class Directory {

    private static final Logger LOG = Logger.getLogger(Directory.class);
    /** A user with no socket on any live instance; a socket itself is online or away ({@link ClientSession}). */

    /** A user's presence over the whole cluster. */
    public record State(String status, Instant lastSeen) {
    }

    /** A user's presence over the whole cluster just before and just after one of this instance's writes. */
    public record Change(State before, State after) {
    }

    private record Counts(int sockets, int away) {
    }

    private final DataSource db;
    private final InstanceSlot instance;
    private final double timeoutSeconds;
    private final Map<UUID, Counts> pending = new HashMap<>();
    private CompletableFuture<Map<UUID, Change>> nextWrite = new CompletableFuture<>();
    private volatile boolean running;
    private volatile int failures;
    private Thread writer;

    public Directory(DataSource db, InstanceSlot instance, RealtimeConfig config) {
        this.db = db;
        this.instance = instance;
        this.timeoutSeconds = config.cluster().instanceTimeout().toMillis() / 1000.0;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        writer = Thread.ofVirtual().name("directory-writer").start(this::writeLoop);
    }

    void stop(@Observes ShutdownEvent shutdown) {
        running = false;
        synchronized (pending) {
            pending.notifyAll();
        }
    }

    /**
     * Records this instance's sockets of a user; completes once the directory holds it, with the
     * user's presence over the cluster before and after (read in the write's own transaction, so
     * a connect costs no query of its own).
     */
    public CompletableFuture<Change> update(UUID userId, int sockets, int away) {
        synchronized (pending) {
            pending.put(userId, new Counts(sockets, away));
            pending.notifyAll();
            return nextWrite.thenApply(changes -> changes.get(userId));
        }
    }

    /** The live instances' slots holding sockets of these users. */
    public Map<Integer, List<UUID>> locate(Collection<UUID> users) {
        return locate(users, -1);
    }

    /**
     * The other live instances' slots holding sockets of these users: what a router needs after
     * writing this instance's own sockets (its own rows are not read back).
     */
    public Map<Integer, List<UUID>> locateElsewhere(Collection<UUID> users) {
        return locate(users, instance.slot());
    }

    private Map<Integer, List<UUID>> locate(Collection<UUID> users, int exceptSlot) {
        var bySlot = new HashMap<Integer, List<UUID>>();
        if (users.isEmpty()) {
            return bySlot;
        }
        // Every instance that still holds its slot counts, however long ago it last heartbeat: after
        // a PostgreSQL stall every heartbeat is old at once, and an instance left out here would
        // silently miss the events routed before its next heartbeat. An instance that really died
        // keeps its rows until they are cleared; what is sent to its inbox meanwhile is read by nobody.
        try (var connection = db.getConnection(); var query = connection.prepareStatement("""
                SELECT c.user_id, c.slot FROM realtime_connections c
                  JOIN realtime_instances i ON i.slot = c.slot AND i.instance_id = c.instance_id
                 WHERE c.user_id = ANY (?) AND c.slot <> ?""")) {
            query.setArray(1, uuids(connection, users));
            query.setInt(2, exceptSlot);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    bySlot.computeIfAbsent(rows.getInt(2), slot -> new ArrayList<>()).add(rows.getObject(1, UUID.class));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("directory lookup failed", e);
        }
        return bySlot;
    }

    /** The slots held by instances (alive, or not yet cleared: see {@link #locate}). */
    public List<Integer> liveSlots() {
        var slots = new ArrayList<Integer>();
        try (var connection = db.getConnection(); var query = connection.prepareStatement(
                "SELECT slot FROM realtime_instances")) {
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    slots.add(rows.getInt(1));
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("directory lookup failed", e);
        }
        return slots;
    }

    /** Each user's presence over every live instance; offline with the last time seen otherwise. */
    public Map<UUID, State> states(Collection<UUID> users) {
        if (users.isEmpty()) {
            return new HashMap<>();
        }
        try (var connection = db.getConnection()) {
            return states(connection, users);
        } catch (SQLException e) {
            throw new IllegalStateException("directory lookup failed", e);
        }
    }

    Map<UUID, State> states(Connection connection, Collection<UUID> users) throws SQLException {
        var states = new HashMap<UUID, State>();
        try (var query = connection.prepareStatement("""
                SELECT u.id,
                       coalesce(sum(c.sockets) FILTER (WHERE i.slot IS NOT NULL), 0),
                       coalesce(sum(c.away) FILTER (WHERE i.slot IS NOT NULL), 0),
                       s.seen_at
                  FROM unnest(?::uuid[]) AS u(id)
                  LEFT JOIN realtime_connections c ON c.user_id = u.id
                  LEFT JOIN realtime_instances i ON i.slot = c.slot AND i.instance_id = c.instance_id
                        AND i.heartbeat_at > now() - make_interval(secs => ?)
                  LEFT JOIN realtime_last_seen s ON s.user_id = u.id
                 GROUP BY u.id, s.seen_at""")) {
            query.setArray(1, uuids(connection, users));
            query.setDouble(2, timeoutSeconds);
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    long sockets = rows.getLong(2);
                    long away = rows.getLong(3);
                    var seen = rows.getTimestamp(4);
                    var status = sockets == 0 ? OFFLINE : away < sockets ? ONLINE : AWAY;
                    states.put(rows.getObject(1, UUID.class),
                            new State(status, sockets > 0 ? Instant.now() : seen == null ? null : seen.toInstant()));
                }
            }
        }
        return states;
    }

    private void writeLoop() {
        while (running) {
            Map<UUID, Counts> batch;
            CompletableFuture<Map<UUID, Change>> done;
            synchronized (pending) {
                while (running && pending.isEmpty()) {
                    try {
                        pending.wait();
                    } catch (InterruptedException e) {
                        return;
                    }
                }
                batch = new HashMap<>(pending);
                pending.clear();
                done = nextWrite;
                nextWrite = new CompletableFuture<>();
            }
            try {
                done.complete(write(batch));
                failures = 0;
            } catch (SQLException | RuntimeException e) {
                failures++;
                LOG.warnf("Could not write %d directory entries (try %d; written again shortly): %s", batch.size(),
                        failures, e.toString());
                done.completeExceptionally(e);
                retryLater(batch, failures);
            }
        }
    }

    /**
     * A batch that failed (PostgreSQL unavailable) goes back into the next one, unless a newer
     * count for the user arrived meanwhile: dropped, the sockets it opened would stay unknown to
     * the other instances (never routed to until they reconnect) and those it closed "online".
     */
    private void retryLater(Map<UUID, Counts> batch, int failures) {
        synchronized (pending) {
            batch.forEach(pending::putIfAbsent);
            try {
                pending.wait(Math.min(5_000, 100L << Math.min(failures, 6))); // not to hammer a database that is down
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** True while the last directory write failed: this instance's connects may be unknown to the others. */
    public boolean isFailing() {
        return failures > 0;
    }

    /** Writes the batch in one transaction; each user's presence before and after it. */
    private Map<UUID, Change> write(Map<UUID, Counts> batch) throws SQLException {
        var present = new ArrayList<UUID>();
        var sockets = new ArrayList<Integer>();
        var away = new ArrayList<Integer>();
        var gone = new ArrayList<UUID>();
        batch.forEach((user, counts) -> {
            if (counts.sockets() > 0) {
                present.add(user);
                sockets.add(counts.sockets());
                away.add(counts.away());
            } else {
                gone.add(user);
            }
        });
        try (var connection = db.getConnection()) {
            connection.setAutoCommit(false);
            var before = states(connection, batch.keySet());
            if (!present.isEmpty()) {
                try (var upsert = connection.prepareStatement("""
                        INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away)
                        SELECT u, ?, ?, s, a FROM unnest(?::uuid[], ?::int[], ?::int[]) AS t(u, s, a)
                        ON CONFLICT (user_id, slot) DO UPDATE
                           SET instance_id = EXCLUDED.instance_id, sockets = EXCLUDED.sockets, away = EXCLUDED.away""")) {
                    upsert.setInt(1, instance.slot());
                    upsert.setObject(2, instance.instanceId());
                    upsert.setArray(3, uuids(connection, present));
                    upsert.setArray(4, connection.createArrayOf("int4", sockets.toArray()));
                    upsert.setArray(5, connection.createArrayOf("int4", away.toArray()));
                    upsert.executeUpdate();
                }
            }
            if (!gone.isEmpty()) {
                try (var delete = connection.prepareStatement(
                        "DELETE FROM realtime_connections WHERE slot = ? AND user_id = ANY (?)")) {
                    delete.setInt(1, instance.slot());
                    delete.setArray(2, uuids(connection, gone));
                    delete.executeUpdate();
                }
                seen(connection, gone, Instant.now());
            }
            // A user with a socket online here is online across the cluster (this instance is
            // alive, its row just written): only the others' rows need reading again.
            var changes = new HashMap<UUID, Change>();
            var unsure = new ArrayList<UUID>();
            batch.forEach((user, counts) -> {
                if (counts.sockets() > counts.away()) {
                    changes.put(user, new Change(before.get(user), new State(ONLINE, Instant.now())));
                } else {
                    unsure.add(user);
                }
            });
            if (!unsure.isEmpty()) {
                states(connection, unsure).forEach((user, after) -> changes.put(user, new Change(before.get(user), after)));
            }
            PresenceLog.record(connection, comingAndGoing(changes), Instant.now());
            connection.commit();
            return changes;
        }
    }

    /** The users whose write took them online from offline (true) or offline from online (false). */
    private static Map<UUID, Boolean> comingAndGoing(Map<UUID, Change> changes) {
        var online = new HashMap<UUID, Boolean>();
        changes.forEach((user, change) -> {
            boolean was = !change.before().status().equals(OFFLINE);
            boolean is = !change.after().status().equals(OFFLINE);
            if (was != is) {
                online.put(user, is);
            }
        });
        return online;
    }

    /** Records when these users were last connected. */
    static void seen(Connection connection, Collection<UUID> users, Instant at) throws SQLException {
        try (var seen = connection.prepareStatement("""
                INSERT INTO realtime_last_seen (user_id, seen_at) SELECT u, ? FROM unnest(?::uuid[]) AS t(u)
                ON CONFLICT (user_id) DO UPDATE SET seen_at = greatest(realtime_last_seen.seen_at, EXCLUDED.seen_at)""")) {
            seen.setTimestamp(1, Timestamp.from(at));
            seen.setArray(2, uuids(connection, users));
            seen.executeUpdate();
        }
    }

    static Array uuids(Connection connection, Collection<UUID> ids) throws SQLException {
        return connection.createArrayOf("uuid", ids.toArray());
    }
}
