package io.switchboard.notification.notification;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.platform.http.ApiException;
import io.switchboard.contracts.notification.NotificationView;
import io.switchboard.notification.NotificationErrors;

/**
 * A user's notifications: their own, and the notices to everyone, each with its read state. One
 * notification is read through the {@link Notification} entity; lists and bulk changes are SQL,
 * each method saying why.
 */
@ApplicationScoped
public class Notifications {

    private final EntityManager em;
    private final Views views;

    public Notifications(EntityManager em, Views views) {
        this.em = em;
        this.views = views;
    }

    /** Most recently updated first; with {@code before}, the ones after that position. */
    // SQL: reads the current_notifications view (chat notifications computed from their messages), keyset-paged
    @Transactional
    public List<NotificationView> list(UUID user, boolean unreadOnly, Cursor before, int limit) {
        List<?> rows = em.createNativeQuery("SELECT " + Views.COLUMNS + """
                          FROM current_notifications v
                          LEFT JOIN notification_reads r ON r.notification_id = v.id AND r.user_id = ?1
                         WHERE (v.user_id = ?1 OR v.user_id IS NULL)
                           AND (NOT ?2 OR (v.read_at IS NULL AND r.notification_id IS NULL))
                           AND (cast(?4 AS timestamptz) IS NULL
                                OR (v.updated_at, v.id) < (cast(?4 AS timestamptz), cast(?5 AS uuid)))
                         ORDER BY v.updated_at DESC, v.id DESC
                         LIMIT ?3""")
                .setParameter(1, user)
                .setParameter(2, unreadOnly)
                .setParameter(3, limit)
                .setParameter(4, before == null ? null : before.updatedAt().toString())
                .setParameter(5, before == null ? null : before.id().toString())
                .getResultList();
        return rows.stream().map(row -> views.of((Object[]) row)).toList();
    }

    /** How many of the user's notifications are unread (an app's badge). */
    // SQL: counts over the current_notifications view and the per-user reads of notices to everyone
    @Transactional
    public long unreadCount(UUID user) {
        return ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM current_notifications v
                          LEFT JOIN notification_reads r ON r.notification_id = v.id AND r.user_id = ?1
                         WHERE (v.user_id = ?1 OR v.user_id IS NULL) AND v.read_at IS NULL AND r.notification_id IS NULL""")
                .setParameter(1, user).getSingleResult()).longValue();
    }

    @Transactional
    public void read(UUID user, UUID id) {
        Notification notification = Notification.findById(id);
        if (notification == null || (notification.userId != null && !notification.userId.equals(user))) {
            throw new ApiException(404, NotificationErrors.NOTIFICATION_NOT_FOUND, "No such notification.");
        }
        if (notification.chatId != null) {
            keepAsRead("n.id = ?1", id);
        } else if (notification.userId == null) {
            // SQL: notification_reads has no entity; ON CONFLICT makes reading twice a no-op
            em.createNativeQuery("""
                            INSERT INTO notification_reads (notification_id, user_id, read_at) VALUES (?1, ?2, now())
                            ON CONFLICT DO NOTHING""")
                    .setParameter(1, id).setParameter(2, user).executeUpdate();
        } else if (notification.readAt == null) {
            notification.readAt = Instant.now();
        }
    }

    /** Marks all the user's notifications read, and every notice to everyone for them. */
    // SQL: set-based updates and an INSERT ... SELECT ... ON CONFLICT, all at the database's now()
    @Transactional
    public void readAll(UUID user) {
        keepAsRead("n.user_id = ?1", user);
        em.createNativeQuery("UPDATE notifications SET read_at = now() WHERE user_id = ?1 AND read_at IS NULL")
                .setParameter(1, user).executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO notification_reads (notification_id, user_id, read_at)
                        SELECT id, ?1, now() FROM notifications WHERE user_id IS NULL
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, user).executeUpdate();
    }

    /**
     * Marks unread chat notifications read, keeping what they say now (their count and preview
     * are no longer computed), and counts their chat read up to their latest message, so that
     * message's event, delivered again, cannot bring the notification back.
     */
    // SQL: an UPDATE ... FROM the current_notifications view feeding an upsert of read marks, in one statement
    private void keepAsRead(String which, UUID parameter) {
        em.createNativeQuery("""
                        WITH kept AS (
                            UPDATE notifications n
                               SET title = v.title, body = coalesce(v.body, ''), data = v.data,
                                   unread_count = v.unread_count, updated_at = v.updated_at, read_at = now()
                              FROM current_notifications v
                             WHERE v.id = n.id AND n.first_seq IS NOT NULL AND n.read_at IS NULL AND %s
                            RETURNING n.user_id, n.chat_id, v.last_seq)
                        INSERT INTO chat_read_marks (user_id, chat_id, seq)
                        SELECT user_id, chat_id, last_seq FROM kept
                        ON CONFLICT (user_id, chat_id) DO UPDATE SET seq = greatest(chat_read_marks.seq, excluded.seq)"""
                        .formatted(which))
                .setParameter(1, parameter).executeUpdate();
        em.createNativeQuery("UPDATE notifications n SET read_at = now() WHERE n.read_at IS NULL AND n.chat_id IS NOT NULL AND "
                        + which)
                .setParameter(1, parameter).executeUpdate();
    }
}
