package io.switchboard.realtime.cluster;

import static io.switchboard.contracts.realtime.PresenceStatus.OFFLINE;
import static io.switchboard.contracts.realtime.PresenceStatus.ONLINE;

import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import javax.sql.DataSource;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.jboss.logging.Logger;

import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import io.switchboard.realtime.cluster.Directory.Change;
import io.switchboard.realtime.cluster.Directory.State;

/**
 * This instance's rows in the {@link Directory}: how many sockets (and how many of them away) it
 * holds of each user. Writes are batched on one virtual thread (changes made while a write is
 * under way go together in the next one), retried with a backoff while PostgreSQL is away, and a
 * write that takes a user online or offline over the cluster records it in the {@link PresenceLog}.
 */
@ApplicationScoped
public class DirectoryWrites {

    private static final Logger LOG = Logger.getLogger(DirectoryWrites.class);

    private record Counts(int sockets, int away) {
    }

    private final DataSource db;
    private final InstanceSlot instance;
    private final Directory directory;
    private final Map<UUID, Counts> pending = new HashMap<>();
    private CompletableFuture<Map<UUID, Change>> nextWrite = new CompletableFuture<>();
    private volatile boolean running;
    private volatile int failures;

    public DirectoryWrites(DataSource db, InstanceSlot instance, Directory directory) {
        this.db = db;
        this.instance = instance;
        this.directory = directory;
    }

    void start(@Observes StartupEvent startup) {
        running = true;
        Thread.ofVirtual().name("directory-writer").start(this::writeLoop);
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
            var before = directory.states(connection, batch.keySet());
            if (!present.isEmpty()) {
                try (var upsert = connection.prepareStatement("""
                        INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away)
                        SELECT u, ?, ?, s, a FROM unnest(?::uuid[], ?::int[], ?::int[]) AS t(u, s, a)
                        ON CONFLICT (user_id, slot) DO UPDATE
                           SET instance_id = EXCLUDED.instance_id, sockets = EXCLUDED.sockets, away = EXCLUDED.away""")) {
                    upsert.setInt(1, instance.slot());
                    upsert.setObject(2, instance.instanceId());
                    upsert.setArray(3, Directory.uuids(connection, present));
                    upsert.setArray(4, connection.createArrayOf("int4", sockets.toArray()));
                    upsert.setArray(5, connection.createArrayOf("int4", away.toArray()));
                    upsert.executeUpdate();
                }
            }
            if (!gone.isEmpty()) {
                try (var delete = connection.prepareStatement(
                        "DELETE FROM realtime_connections WHERE slot = ? AND user_id = ANY (?)")) {
                    delete.setInt(1, instance.slot());
                    delete.setArray(2, Directory.uuids(connection, gone));
                    delete.executeUpdate();
                }
                Directory.seen(connection, gone, Instant.now());
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
                directory.states(connection, unsure).forEach((user, after) -> changes.put(user, new Change(before.get(user), after)));
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
}
