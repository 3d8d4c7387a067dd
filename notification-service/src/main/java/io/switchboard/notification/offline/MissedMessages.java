package io.switchboard.notification.offline;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.notification.NotificationView;

/**
 * The {@code chat_messages} notifications: one per user and chat, standing for the messages the
 * user missed while offline. Each message is recorded under its notification, and the count,
 * title and preview are recomputed from those records, so a repeated event counts once and a
 * read or deleted message drops out exactly. Called inside the caller's transaction.
 */
@ApplicationScoped
public class MissedMessages {

    static final int PREVIEW_LENGTH = 200;

    private final EntityManager em;

    public MissedMessages(EntityManager em) {
        this.em = em;
    }

    /** A message these (offline, not muted) users missed; the ids of notifications it created. */
    public List<UUID> add(MessageView message, Collection<UUID> users) {
        if (users.isEmpty()) {
            return List.of();
        }
        List<?> rows = em.createNativeQuery("""
                        WITH targets AS (
                            SELECT u AS user_id FROM unnest(cast(?1 AS uuid[])) AS u
                             WHERE NOT EXISTS (SELECT 1 FROM chat_read_marks m
                                                WHERE m.user_id = u AND m.chat_id = ?2 AND m.seq >= ?3)
                        ), upserted AS (
                            INSERT INTO notifications (id, user_id, type, title, body, chat_id, unread_count,
                                                       created_at, updated_at)
                            SELECT gen_random_uuid(), user_id, ?8, '', '', ?2, 0, ?4, ?4 FROM targets
                            ON CONFLICT (user_id, chat_id) WHERE chat_id IS NOT NULL AND read_at IS NULL
                            DO UPDATE SET chat_id = excluded.chat_id
                            RETURNING id, (xmax = 0) AS created
                        ), missed AS (
                            INSERT INTO missed_messages (notification_id, message_id, seq, sender_id, preview, sent_at)
                            SELECT id, ?5, ?3, ?6, ?7, ?4 FROM upserted
                            ON CONFLICT DO NOTHING
                        )
                        SELECT id, created FROM upserted""")
                .setParameter(1, users.stream().map(UUID::toString).toArray(String[]::new))
                .setParameter(2, message.chatId())
                .setParameter(3, message.seq())
                .setParameter(4, message.createdAt())
                .setParameter(5, message.id())
                .setParameter(6, message.senderId())
                .setParameter(7, preview(message.content()))
                .setParameter(8, NotificationView.CHAT_MESSAGES)
                .getResultList();
        var touched = new ArrayList<UUID>();
        var created = new ArrayList<UUID>();
        for (Object row : rows) {
            var columns = (Object[]) row;
            touched.add((UUID) columns[0]);
            if ((Boolean) columns[1]) {
                created.add((UUID) columns[0]);
            }
        }
        refresh(touched);
        return created;
    }

    /** The user read the chat up to {@code seq}: those messages no longer count. */
    public void read(UUID userId, UUID chatId, long seq) {
        em.createNativeQuery("""
                        INSERT INTO chat_read_marks (user_id, chat_id, seq) VALUES (?1, ?2, ?3)
                        ON CONFLICT (user_id, chat_id) DO UPDATE SET seq = greatest(chat_read_marks.seq, excluded.seq)""")
                .setParameter(1, userId).setParameter(2, chatId).setParameter(3, seq).executeUpdate();
        refresh(ids(em.createNativeQuery("""
                        DELETE FROM missed_messages mm USING notifications n
                         WHERE mm.notification_id = n.id AND n.user_id = ?1 AND n.chat_id = ?2 AND mm.seq <= ?3
                        RETURNING n.id""")
                .setParameter(1, userId).setParameter(2, chatId).setParameter(3, seq).getResultList()));
    }

    public void edited(UUID messageId, String content) {
        refresh(ids(em.createNativeQuery("UPDATE missed_messages SET preview = ?2 WHERE message_id = ?1 RETURNING notification_id")
                .setParameter(1, messageId).setParameter(2, preview(content)).getResultList()));
    }

    public void deleted(UUID messageId) {
        refresh(ids(em.createNativeQuery("DELETE FROM missed_messages WHERE message_id = ?1 RETURNING notification_id")
                .setParameter(1, messageId).getResultList()));
    }

    /** The user left the chat or was removed: its messages are no longer theirs to see. */
    public void leftChat(UUID userId, UUID chatId) {
        em.createNativeQuery("DELETE FROM notifications WHERE user_id = ?1 AND chat_id = ?2")
                .setParameter(1, userId).setParameter(2, chatId).executeUpdate();
    }

    /** Recomputes count, title and preview from the messages; a notification left with none is cleared. */
    private void refresh(List<UUID> notifications) {
        if (notifications.isEmpty()) {
            return;
        }
        var ids = notifications.stream().distinct().map(UUID::toString).toArray(String[]::new);
        em.createNativeQuery("""
                        UPDATE notifications n
                           SET unread_count = m.count,
                               title = CASE WHEN m.count = 1 THEN '1 new message' ELSE m.count || ' new messages' END,
                               body = m.preview,
                               data = jsonb_build_object('chat_id', n.chat_id, 'last_message', jsonb_build_object(
                                   'id', m.message_id, 'seq', m.seq, 'sender_id', m.sender_id, 'content', m.preview,
                                   'created_at', to_char(m.sent_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'))),
                               updated_at = greatest(n.updated_at, m.sent_at)
                          FROM (SELECT DISTINCT ON (notification_id) notification_id, message_id, seq, sender_id,
                                       preview, sent_at, count(*) OVER (PARTITION BY notification_id) AS count
                                  FROM missed_messages WHERE notification_id = ANY (cast(?1 AS uuid[]))
                                 ORDER BY notification_id, seq DESC) m
                         WHERE n.id = m.notification_id""")
                .setParameter(1, ids).executeUpdate();
        em.createNativeQuery("""
                        DELETE FROM notifications n WHERE n.id = ANY (cast(?1 AS uuid[]))
                           AND NOT EXISTS (SELECT 1 FROM missed_messages mm WHERE mm.notification_id = n.id)""")
                .setParameter(1, ids).executeUpdate();
    }

    private static List<UUID> ids(List<?> rows) {
        return rows.stream().map(UUID.class::cast).toList();
    }

    static String preview(String content) {
        if (content == null) {
            return "";
        }
        return content.length() <= PREVIEW_LENGTH ? content : content.substring(0, PREVIEW_LENGTH - 1) + "…";
    }
}
