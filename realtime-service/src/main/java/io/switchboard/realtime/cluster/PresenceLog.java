package io.switchboard.realtime.cluster;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.realtime.config.RealtimeConfig;

/**
 * When each user came online anywhere in the cluster and when they went offline
 * ({@code realtime_presence_changes}), so that a backend can ask who was online when something
 * happened (notification-service: when a message was sent), however late it asks.
 *
 * <p>Changes are written in the directory write that saw them ({@link Directory}), and when the
 * rows of a dead instance are cleared ({@link ClusterWatch}: offline at its last heartbeat). What
 * the log cannot know yet is read from the directory: a user whose rows are all on an instance
 * that stopped heartbeating counts as offline from its last heartbeat, and a user the log has
 * online who holds no row anywhere (rows removed without a change written, such as a slot given
 * back) counts as offline. Both err towards offline: a notification too many is cleared by
 * reading, one too few is a message nobody hears about.
 */
@ApplicationScoped
public class PresenceLog {

    /** Changes older than this are pruned (each user's latest is kept). */
    static final Duration RETENTION = Duration.ofHours(24);

    /** A user's status at {@code at} and every change of it after, up to {@code until}. */
    public record History(boolean online, List<Change> changes) {
    }

    /** The user came online ({@code online}) or went offline at {@code at}. */
    public record Change(Instant at, boolean online) {
    }

    /** What the directory holds of a user now: sockets on live instances, and the last heartbeat of dead ones. */
    private record Now(boolean live, Instant deadSince) {
    }

    private final DataSource db;
    private final double timeoutSeconds;

    public PresenceLog(DataSource db, RealtimeConfig config) {
        this.db = db;
        this.timeoutSeconds = config.cluster().instanceTimeout().toMillis() / 1000.0;
    }

    /** Records changes seen by a directory write, in its transaction. */
    static void record(Connection connection, Map<UUID, Boolean> online, Instant at) throws SQLException {
        if (online.isEmpty()) {
            return;
        }
        var users = new ArrayList<UUID>(online.size());
        var states = new ArrayList<Boolean>(online.size());
        online.forEach((user, state) -> {
            users.add(user);
            states.add(state);
        });
        try (var insert = connection.prepareStatement("""
                INSERT INTO realtime_presence_changes (user_id, at, online)
                SELECT u, ?, o FROM unnest(?::uuid[], ?::boolean[]) AS t(u, o)
                ON CONFLICT (user_id, at) DO UPDATE SET online = EXCLUDED.online""")) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setArray(2, Directory.uuids(connection, users));
            insert.setArray(3, connection.createArrayOf("bool", states.toArray()));
            insert.executeUpdate();
        }
    }

    /**
     * These users were offline from {@code at} (their instance's last heartbeat), unless the log
     * has them changing since: then it already knows better.
     */
    static void offlineSince(Connection connection, Collection<UUID> users, Instant at) throws SQLException {
        if (users.isEmpty()) {
            return;
        }
        try (var insert = connection.prepareStatement("""
                INSERT INTO realtime_presence_changes (user_id, at, online)
                SELECT u, ?, false FROM unnest(?::uuid[]) AS t(u)
                 WHERE NOT EXISTS (SELECT 1 FROM realtime_presence_changes p WHERE p.user_id = t.u AND p.at >= ?)
                ON CONFLICT (user_id, at) DO NOTHING""")) {
            insert.setTimestamp(1, Timestamp.from(at));
            insert.setArray(2, Directory.uuids(connection, users));
            insert.setTimestamp(3, Timestamp.from(at));
            insert.executeUpdate();
        }
    }

    /** Deletes changes older than the retention, keeping each user's latest. */
    static void prune(Connection connection) throws SQLException {
        try (var delete = connection.prepareStatement("""
                DELETE FROM realtime_presence_changes p
                 WHERE p.at < ? AND EXISTS (SELECT 1 FROM realtime_presence_changes q
                                             WHERE q.user_id = p.user_id AND q.at > p.at)""")) {
            delete.setTimestamp(1, Timestamp.from(Instant.now().minus(RETENTION)));
            delete.executeUpdate();
        }
    }

    /** Each user's status at {@code at}, and its changes after it up to {@code until} (none when that is null). */
    public Map<UUID, History> history(Collection<UUID> users, Instant at, Instant until) {
        var end = until == null || until.isBefore(at) ? at : until;
        var rows = new HashMap<UUID, List<Change>>();
        var now = new HashMap<UUID, Now>();
        try (var connection = db.getConnection()) {
            readChanges(connection, users, at, end, rows);
            readDirectory(connection, users, now);
        } catch (SQLException e) {
            throw new IllegalStateException("presence history lookup failed", e);
        }
        var histories = new HashMap<UUID, History>();
        for (UUID user : users) {
            var changes = rows.getOrDefault(user, List.of());
            var current = now.getOrDefault(user, new Now(false, null));
            boolean online = onlineAt(at, changes, current);
            var after = new ArrayList<Change>();
            var points = new ArrayList<Instant>();
            changes.stream().map(Change::at).filter(t -> t.isAfter(at) && !t.isAfter(end)).forEach(points::add);
            if (current.deadSince() != null && current.deadSince().isAfter(at) && !current.deadSince().isAfter(end)) {
                points.add(current.deadSince());
            }
            points.sort(null);
            boolean state = online;
            for (Instant point : points) {
                boolean then = onlineAt(point, changes, current);
                if (then != state) {
                    after.add(new Change(point, then));
                    state = then;
                }
            }
            histories.put(user, new History(online, List.copyOf(after)));
        }
        return histories;
    }

    /**
     * Whether the user was online at {@code t}: the last change at or before it; before the first
     * one known, the opposite of that; with no later change, as the directory has it now (an
     * instance that died counts until its last heartbeat).
     */
    private static boolean onlineAt(Instant t, List<Change> changes, Now current) {
        Change last = null;
        Change next = null;
        for (Change change : changes) {
            if (!change.at().isAfter(t)) {
                last = change;
            } else {
                next = change;
                break;
            }
        }
        if (last != null && !last.online()) {
            return false;
        }
        if (last == null && next != null) {
            return !next.online();
        }
        if (next != null) {
            return true;
        }
        return current.live() || (current.deadSince() != null && t.isBefore(current.deadSince()));
    }

    /** The last change at or before {@code from}, every one up to {@code until}, and the first after it; in order. */
    private static void readChanges(Connection connection, Collection<UUID> users, Instant from, Instant until,
                                    Map<UUID, List<Change>> into) throws SQLException {
        try (var query = connection.prepareStatement("""
                SELECT c.user_id, c.at, c.online FROM unnest(?::uuid[]) AS u(id)
                  CROSS JOIN LATERAL (
                    (SELECT * FROM realtime_presence_changes p WHERE p.user_id = u.id AND p.at <= ?
                      ORDER BY p.at DESC LIMIT 1)
                    UNION ALL
                    (SELECT * FROM realtime_presence_changes p WHERE p.user_id = u.id AND p.at > ? AND p.at <= ?)
                    UNION ALL
                    (SELECT * FROM realtime_presence_changes p WHERE p.user_id = u.id AND p.at > ?
                      ORDER BY p.at LIMIT 1)) c
                 ORDER BY c.user_id, c.at""")) {
            query.setArray(1, Directory.uuids(connection, users));
            query.setTimestamp(2, Timestamp.from(from));
            query.setTimestamp(3, Timestamp.from(from));
            query.setTimestamp(4, Timestamp.from(until));
            query.setTimestamp(5, Timestamp.from(until));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    into.computeIfAbsent(rows.getObject(1, UUID.class), user -> new ArrayList<>())
                            .add(new Change(rows.getTimestamp(2).toInstant(), rows.getBoolean(3)));
                }
            }
        }
    }

    private void readDirectory(Connection connection, Collection<UUID> users, Map<UUID, Now> into) throws SQLException {
        try (var query = connection.prepareStatement("""
                SELECT c.user_id,
                       bool_or(i.heartbeat_at > now() - make_interval(secs => ?)),
                       max(i.heartbeat_at) FILTER (WHERE i.heartbeat_at <= now() - make_interval(secs => ?))
                  FROM realtime_connections c
                  JOIN realtime_instances i ON i.slot = c.slot AND i.instance_id = c.instance_id
                 WHERE c.user_id = ANY (?)
                 GROUP BY c.user_id""")) {
            query.setDouble(1, timeoutSeconds);
            query.setDouble(2, timeoutSeconds);
            query.setArray(3, Directory.uuids(connection, users));
            try (var rows = query.executeQuery()) {
                while (rows.next()) {
                    var dead = rows.getTimestamp(3);
                    into.put(rows.getObject(1, UUID.class),
                            new Now(rows.getBoolean(2), dead == null ? null : dead.toInstant()));
                }
            }
        }
    }
}
