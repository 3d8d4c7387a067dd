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
import java.util.concurrent.atomic.AtomicLong;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.realtime.config.RealtimeConfig;

/**
 * Which instance holds whose sockets, in PostgreSQL, as the cluster reads it: where the
 * recipients of an event are, which slots are live, and each user's presence over every live
 * instance. Rows count only while their instance heartbeats. Each instance writes its own users'
 * rows through {@link DirectoryWrites}.
 */
@ApplicationScoped
public class Directory {

    /** How many users' locations are kept at most; past it they are all read again. */
    private static final int LOCATED_USERS = 200_000;

    /** A user's presence over the whole cluster: offline when no live instance holds a socket of theirs. */
    public record State(String status, Instant lastSeen) {
    }

    /** A user's presence over the whole cluster just before and just after one of this instance's writes. */
    public record Change(State before, State after) {
    }

    private final DataSource db;
    private final InstanceSlot instance;
    private final double timeoutSeconds;
    private final Located located = new Located(LOCATED_USERS);
    private final AtomicLong lookups = new AtomicLong();

    public Directory(DataSource db, InstanceSlot instance, RealtimeConfig config) {
        this.db = db;
        this.instance = instance;
        this.timeoutSeconds = config.cluster().instanceTimeout().toMillis() / 1000.0;
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

    /**
     * Where users are, from {@link #located} while no slot counted an arrival since they were read
     * (V3 migration), else read again. Every instance that still holds its slot counts, however
     * long ago it last heartbeat: after a PostgreSQL stall every heartbeat is old at once, and an
     * instance left out here would silently miss the events routed before its next heartbeat. An
     * instance that really died keeps its rows until they are cleared; what is sent to its inbox
     * meanwhile is read by nobody.
     *
     * <p>The slots' counts are read before the rows, so a connect that committed before the rows
     * were read is either among them or has changed a count: a user whose connect the cluster
     * acknowledged is never missed for longer than it takes that commit to be seen, as when the
     * rows are read every time. A user who left still counts as located until the next arrival
     * anywhere: a frame routed to a socket that closed reaches nobody.
     */
    private Map<Integer, List<UUID>> locate(Collection<UUID> users, int exceptSlot) {
        var bySlot = new HashMap<Integer, List<UUID>>();
        if (users.isEmpty()) {
            return bySlot;
        }
        try (var connection = db.getConnection()) {
            var slots = slotVersions(connection);
            var slotsOf = located.known(slots, users);
            var missing = users.stream().filter(user -> !slotsOf.containsKey(user)).distinct().toList();
            if (!missing.isEmpty()) {
                var read = read(connection, missing);
                located.put(slots, read);
                slotsOf.putAll(read);
            }
            slotsOf.forEach((user, userSlots) -> {
                for (int slot : userSlots) {
                    if (slot != exceptSlot) {
                        bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(user);
                    }
                }
            });
        } catch (SQLException e) {
            throw new IllegalStateException("directory lookup failed", e);
        }
        return bySlot;
    }

    /** Each held slot's holder and count of arrivals: what the cached locations were read under. */
    private static List<Located.SlotVersion> slotVersions(Connection connection) throws SQLException {
        var versions = new ArrayList<Located.SlotVersion>();
        try (var query = connection.prepareStatement(
                "SELECT slot, instance_id, arrivals FROM realtime_instances ORDER BY slot");
             var rows = query.executeQuery()) {
            while (rows.next()) {
                versions.add(new Located.SlotVersion(rows.getInt(1), rows.getObject(2, UUID.class), rows.getLong(3)));
            }
        }
        return versions;
    }

    /** Every slot holding sockets of each of these users (an empty list for a user connected nowhere). */
    private Map<UUID, List<Integer>> read(Connection connection, Collection<UUID> users) throws SQLException {
        var slotsOf = new HashMap<UUID, List<Integer>>();
        users.forEach(user -> slotsOf.put(user, new ArrayList<>(1)));
        try (var query = connection.prepareStatement("""
                SELECT c.user_id, c.slot FROM realtime_connections c
                  JOIN realtime_instances i ON i.slot = c.slot AND i.instance_id = c.instance_id
                 WHERE c.user_id = ANY (?)""")) {
            query.setArray(1, uuids(connection, users));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    slotsOf.get(rows.getObject(1, UUID.class)).add(rows.getInt(2));
                }
            }
        }
        lookups.incrementAndGet();
        return slotsOf;
    }

    /** How many times connections were read (not answered from the kept locations): for tests. */
    long lookups() {
        return lookups.get();
    }

    /** The slots held by instances (alive, or not yet cleared: see {@link #locate}). */
    public List<Integer> liveSlots() {
        try (var connection = db.getConnection()) {
            return slotVersions(connection).stream().map(Located.SlotVersion::slot).toList();
        } catch (SQLException e) {
            throw new IllegalStateException("directory lookup failed", e);
        }
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
