package io.switchboard.chat.attachment;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import org.hibernate.Session;
import org.jboss.logging.Logger;

import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.scheduler.Scheduled;
import io.switchboard.chat.config.ChatConfig;

/**
 * Removes what no one may fetch any more: uploads no message used within {@code unused-ttl}, and
 * files of deleted messages. Each batch is claimed (marked {@code removing}, so it is neither
 * served nor attachable from then on) with {@code FOR UPDATE SKIP LOCKED}, so several replicas
 * share the work; its objects are deleted from the store, then its rows. A replica that dies in
 * between leaves rows marked, which the next pass takes again (deleting an object twice is no
 * error).
 */
@ApplicationScoped
public class AttachmentCleanup {

    private static final Logger LOG = Logger.getLogger(AttachmentCleanup.class);

    private record Claimed(List<UUID> ids, List<String> keys) {
    }

    private final ObjectStorage storage;
    private final EntityManager em;
    private final ChatConfig.Attachment config;

    public AttachmentCleanup(ObjectStorage storage, EntityManager em, ChatConfig chat) {
        this.storage = storage;
        this.em = em;
        this.config = chat.attachment();
    }

    @Scheduled(every = "${chat.attachment.cleanup-interval}", delayed = "1m",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            int removed = removeExpired(Instant.now());
            if (removed > 0) {
                LOG.infof("removed %d attachments no one may fetch any more", removed);
            }
        } catch (RuntimeException e) {
            LOG.warnf("attachment cleanup failed, to be tried again: %s", e.getMessage());
        }
    }

    /** Removes every file due at {@code now}, a batch at a time; the number removed. */
    public int removeExpired(Instant now) {
        int removed = 0;
        while (true) {
            var claimed = QuarkusTransaction.requiringNew().call(() -> em.unwrap(Session.class)
                    .doReturningWork(connection -> claim(connection, now.minus(config.unusedTtl()))));
            if (claimed.ids().isEmpty()) {
                return removed;
            }
            storage.delete(claimed.keys());
            QuarkusTransaction.requiringNew().run(() -> em.unwrap(Session.class).doWork(connection -> {
                try (var delete = connection.prepareStatement("DELETE FROM attachments WHERE id = ANY(?)")) {
                    delete.setArray(1, connection.createArrayOf("uuid", claimed.ids().toArray()));
                    delete.executeUpdate();
                }
            }));
            removed += claimed.ids().size();
            if (claimed.ids().size() < config.cleanupBatchSize()) {
                return removed;
            }
        }
    }

    private Claimed claim(Connection connection, Instant unusedBefore) throws SQLException {
        try (var statement = connection.prepareStatement("""
                UPDATE attachments SET removing = true
                 WHERE id IN (SELECT id FROM attachments
                               WHERE removing OR (message_id IS NULL AND created_at < ?)
                               LIMIT ? FOR UPDATE SKIP LOCKED)
                RETURNING id, object_key, thumbnail_key""")) {
            statement.setTimestamp(1, Timestamp.from(unusedBefore));
            statement.setInt(2, config.cleanupBatchSize());
            var ids = new ArrayList<UUID>();
            var keys = new ArrayList<String>();
            try (var rows = statement.executeQuery()) {
                while (rows.next()) {
                    ids.add(rows.getObject(1, UUID.class));
                    keys.add(rows.getString(2));
                    if (rows.getString(3) != null) {
                        keys.add(rows.getString(3));
                    }
                }
            }
            return new Claimed(ids, keys);
        }
    }
}
