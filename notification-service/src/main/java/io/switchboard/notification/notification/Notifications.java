package io.switchboard.notification.notification;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import jakarta.transaction.Transactional;

import io.switchboard.contracts.http.ApiException;
import io.switchboard.contracts.notification.NotificationView;
import io.switchboard.notification.NotificationErrors;

/** A user's notifications: their own, and the notices to everyone, each with its read state. */
@ApplicationScoped
public class Notifications {

    private final EntityManager em;
    private final Views views;

    public Notifications(EntityManager em, Views views) {
        this.em = em;
        this.views = views;
    }

    /** Most recently updated first; with {@code before}, the ones after that position. */
    @Transactional
    public List<NotificationView> list(UUID user, boolean unreadOnly, Cursor before, int limit) {
        List<?> rows = em.createNativeQuery("""
                        SELECT n.id, (n.read_at IS NOT NULL OR r.notification_id IS NOT NULL)
                          FROM notifications n
                          LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = ?1
                         WHERE (n.user_id = ?1 OR n.user_id IS NULL)
                           AND (NOT ?2 OR (n.read_at IS NULL AND r.notification_id IS NULL))
                           AND (cast(?4 AS timestamptz) IS NULL
                                OR (n.updated_at, n.id) < (cast(?4 AS timestamptz), cast(?5 AS uuid)))
                         ORDER BY n.updated_at DESC, n.id DESC
                         LIMIT ?3""")
                .setParameter(1, user)
                .setParameter(2, unreadOnly)
                .setParameter(3, limit)
                .setParameter(4, before == null ? null : before.updatedAt().toString())
                .setParameter(5, before == null ? null : before.id().toString())
                .getResultList();
        var read = new HashMap<UUID, Boolean>();
        rows.forEach(row -> read.put((UUID) ((Object[]) row)[0], (Boolean) ((Object[]) row)[1]));
        var found = new HashMap<UUID, Notification>();
        Notification.<Notification>list("id in ?1", read.keySet()).forEach(n -> found.put(n.id, n));
        return rows.stream()
                .map(row -> (UUID) ((Object[]) row)[0])
                .filter(found::containsKey)
                .map(id -> views.of(found.get(id), read.get(id)))
                .toList();
    }

    /** How many of the user's notifications are unread (an app's badge). */
    @Transactional
    public long unreadCount(UUID user) {
        return ((Number) em.createNativeQuery("""
                        SELECT count(*) FROM notifications n
                          LEFT JOIN notification_reads r ON r.notification_id = n.id AND r.user_id = ?1
                         WHERE (n.user_id = ?1 OR n.user_id IS NULL) AND n.read_at IS NULL AND r.notification_id IS NULL""")
                .setParameter(1, user).getSingleResult()).longValue();
    }

    @Transactional
    public void read(UUID user, UUID id) {
        Notification notification = Notification.findById(id);
        if (notification == null || (notification.userId != null && !notification.userId.equals(user))) {
            throw new ApiException(404, NotificationErrors.NOTIFICATION_NOT_FOUND, "No such notification.");
        }
        if (notification.chatId != null) {
            rememberRead("n.id = ?1", id);
        }
        if (notification.userId == null) {
            em.createNativeQuery("""
                            INSERT INTO notification_reads (notification_id, user_id, read_at) VALUES (?1, ?2, now())
                            ON CONFLICT DO NOTHING""")
                    .setParameter(1, id).setParameter(2, user).executeUpdate();
        } else if (notification.readAt == null) {
            notification.readAt = Instant.now();
        }
    }

    @Transactional
    public void readAll(UUID user) {
        rememberRead("n.user_id = ?1 AND n.read_at IS NULL", user);
        em.createNativeQuery("UPDATE notifications SET read_at = now() WHERE user_id = ?1 AND read_at IS NULL")
                .setParameter(1, user).executeUpdate();
        em.createNativeQuery("""
                        INSERT INTO notification_reads (notification_id, user_id, read_at)
                        SELECT id, ?1, now() FROM notifications WHERE user_id IS NULL
                        ON CONFLICT DO NOTHING""")
                .setParameter(1, user).executeUpdate();
    }

    /**
     * A chat notification read here counts as its chat read up to its latest message, so that
     * message's event, delivered again, cannot bring the notification back.
     */
    private void rememberRead(String which, UUID parameter) {
        em.createNativeQuery("""
                        INSERT INTO chat_read_marks (user_id, chat_id, seq)
                        SELECT n.user_id, n.chat_id, max(m.seq)
                          FROM notifications n JOIN missed_messages m ON m.notification_id = n.id
                         WHERE n.chat_id IS NOT NULL AND %s
                         GROUP BY n.user_id, n.chat_id
                        ON CONFLICT (user_id, chat_id) DO UPDATE SET seq = greatest(chat_read_marks.seq, excluded.seq)"""
                        .formatted(which))
                .setParameter(1, parameter).executeUpdate();
    }
}
