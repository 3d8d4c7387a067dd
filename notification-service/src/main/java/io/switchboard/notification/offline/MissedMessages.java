package io.switchboard.notification.offline;

import java.nio.charset.StandardCharsets;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;

import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.notification.NotificationView;
import io.switchboard.notification.notification.Notification;

/**
 * The {@code chat_messages} notifications: one per user and chat, counting the messages of the
 * chat from the first one the user missed while offline ({@code first_seq}). A message is stored
 * once for its chat, whatever the number of members; what each notification says (count, title,
 * preview) is computed when it is read ({@code current_notifications}), so a message costs one
 * row, and only the first missed message of a user and chat touches that user's row. Called
 * inside the caller's transaction. Reads and plain deletes of notifications go through the
 * {@link Notification} entity; the rest is SQL, each method saying why.
 */
@ApplicationScoped
public class MissedMessages {

    static final int PREVIEW_LENGTH = 200;

    /** An open chat notification that no longer counts any message (its view left it out). */
    private static final String EMPTIED = """
            n.first_seq IS NOT NULL AND n.read_at IS NULL
            AND NOT EXISTS (SELECT 1 FROM current_notifications v WHERE v.id = n.id)""";

    /** Who has an unread notification of which chat. */
    record Open(UUID chatId, UUID userId) {
    }

    private final EntityManager em;

    public MissedMessages(EntityManager em) {
        this.em = em;
    }

    /** The users who have an unread notification of each of these chats. */
    public Map<UUID, Set<UUID>> open(Collection<UUID> chats) {
        var open = new HashMap<UUID, Set<UUID>>();
        if (chats.isEmpty()) {
            return open;
        }
        for (Open row : Notification.find("chatId in ?1 and readAt is null and type = ?2", chats,
                NotificationView.CHAT_MESSAGES).project(Open.class).list()) {
            open.computeIfAbsent(row.chatId(), chat -> new HashSet<>()).add(row.userId());
        }
        return open;
    }

    /** Stores a message for its chat, once (a repeated event changes nothing). */
    // SQL: chat_messages has no entity, and ON CONFLICT DO NOTHING makes a repeated event a no-op in one statement
    public void store(MessageView message, Collection<UUID> mutedBy) {
        em.createNativeQuery("""
                        INSERT INTO chat_messages (chat_id, seq, message_id, sender_id, preview, sent_at, muted_by)
                        VALUES (?1, ?2, ?3, ?4, ?5, ?6, cast(?7 AS uuid[]))
                        ON CONFLICT (chat_id, seq) DO NOTHING""")
                .setParameter(1, message.chatId())
                .setParameter(2, message.seq())
                .setParameter(3, message.id())
                .setParameter(4, message.senderId())
                .setParameter(5, preview(message.content()))
                .setParameter(6, message.createdAt())
                .setParameter(7, mutedBy.stream().map(UUID::toString).toArray(String[]::new))
                .executeUpdate();
    }

    /** A notification just created, and whose it is. */
    public record Created(UUID id, UUID userId) {
    }

    /**
     * These users missed this message and have no unread notification of its chat: each gets one,
     * counting from it; not a user who already read the chat past it. Those created.
     */
    // SQL: one set-based insert for every user (unnest), skipping those read past it or already notified (ON CONFLICT)
    public List<Created> notify(MessageView message, Collection<UUID> users) {
        if (users.isEmpty()) {
            return List.of();
        }
        List<?> rows = em.createNativeQuery("""
                        INSERT INTO notifications (id, user_id, type, title, body, chat_id, first_seq, created_at, updated_at)
                        SELECT gen_random_uuid(), u, ?4, '', '', ?2, ?3, ?5, ?5 FROM unnest(cast(?1 AS uuid[])) AS u
                         WHERE NOT EXISTS (SELECT 1 FROM chat_read_marks m
                                            WHERE m.user_id = u AND m.chat_id = ?2 AND m.seq >= ?3)
                        ON CONFLICT (user_id, chat_id)
                           WHERE chat_id IS NOT NULL AND read_at IS NULL AND type = 'chat_messages' DO NOTHING
                        RETURNING id, user_id""")
                .setParameter(1, users.stream().map(UUID::toString).toArray(String[]::new))
                .setParameter(2, message.chatId())
                .setParameter(3, message.seq())
                .setParameter(4, NotificationView.CHAT_MESSAGES)
                .setParameter(5, message.createdAt())
                .getResultList();
        return rows.stream().map(Object[].class::cast).map(row -> new Created((UUID) row[0], (UUID) row[1])).toList();
    }

    /**
     * These users are mentioned in this message: each gets a {@code mention} notification of it,
     * once however often the event comes (its id is derived from the message and the user). The
     * ids of those created.
     */
    // SQL: one set-based insert for every user (unnest), a repeat skipped by ON CONFLICT on the derived id
    public List<UUID> mention(MessageView message, Collection<UUID> users) {
        if (users.isEmpty()) {
            return List.of();
        }
        var ids = users.stream().map(user -> mentionId(message.id(), user)).toList();
        List<?> created = em.createNativeQuery("""
                        INSERT INTO notifications (id, user_id, type, title, body, data, chat_id, created_at, updated_at)
                        SELECT i, u, ?3, ?4, ?5, cast(?6 AS jsonb), ?7, ?8, ?8
                          FROM unnest(cast(?1 AS uuid[]), cast(?2 AS uuid[])) AS t(i, u)
                        ON CONFLICT (id) DO NOTHING
                        RETURNING id""")
                .setParameter(1, ids.stream().map(UUID::toString).toArray(String[]::new))
                .setParameter(2, users.stream().map(UUID::toString).toArray(String[]::new))
                .setParameter(3, NotificationView.MENTION)
                .setParameter(4, "You were mentioned")
                .setParameter(5, preview(message.content()))
                .setParameter(6, "{\"chat_id\":\"" + message.chatId() + "\",\"message_id\":\"" + message.id()
                        + "\",\"seq\":" + message.seq() + ",\"sender_id\":\"" + message.senderId() + "\"}")
                .setParameter(7, message.chatId())
                .setParameter(8, message.createdAt())
                .getResultList();
        return created.stream().map(UUID.class::cast).toList();
    }

    static UUID mentionId(UUID messageId, UUID userId) {
        return UUID.nameUUIDFromBytes(("mention:" + messageId + ":" + userId).getBytes(StandardCharsets.UTF_8));
    }

    /** The user read the chat up to {@code seq}: those messages no longer count; nothing left, no notification. */
    // SQL: an upsert that only moves the mark forward, then a delete decided by the current_notifications view
    public void read(UUID userId, UUID chatId, long seq) {
        em.createNativeQuery("""
                        INSERT INTO chat_read_marks (user_id, chat_id, seq) VALUES (?1, ?2, ?3)
                        ON CONFLICT (user_id, chat_id) DO UPDATE SET seq = greatest(chat_read_marks.seq, excluded.seq)""")
                .setParameter(1, userId).setParameter(2, chatId).setParameter(3, seq).executeUpdate();
        em.createNativeQuery("DELETE FROM notifications n WHERE n.user_id = ?1 AND n.chat_id = ?2 AND " + EMPTIED)
                .setParameter(1, userId).setParameter(2, chatId).executeUpdate();
        em.createNativeQuery("""
                        UPDATE notifications SET read_at = now()
                         WHERE user_id = ?1 AND chat_id = ?2 AND type = ?4 AND read_at IS NULL
                           AND (data ->> 'seq')::bigint <= ?3""")
                .setParameter(1, userId).setParameter(2, chatId).setParameter(3, seq)
                .setParameter(4, NotificationView.MENTION).executeUpdate();
    }

    /** An edited message: its preview follows. */
    // SQL: chat_messages has no entity; a set-based update by message id
    public void edited(UUID messageId, String content) {
        em.createNativeQuery("UPDATE chat_messages SET preview = ?2 WHERE message_id = ?1")
                .setParameter(1, messageId).setParameter(2, preview(content)).executeUpdate();
    }

    /**
     * A deleted message no longer counts; a notification it leaves with none is cleared, and so
     * are its mentions.
     */
    // SQL: DELETE ... RETURNING on chat_messages (no entity), then a delete decided by the current_notifications view
    public void deleted(UUID chatId, UUID messageId) {
        List<?> chats = em.createNativeQuery("DELETE FROM chat_messages WHERE message_id = ?1 RETURNING chat_id")
                .setParameter(1, messageId).getResultList();
        for (Object chat : chats) {
            em.createNativeQuery("DELETE FROM notifications n WHERE n.chat_id = ?1 AND " + EMPTIED)
                    .setParameter(1, chat).executeUpdate();
        }
        em.createNativeQuery("DELETE FROM notifications WHERE chat_id = ?1 AND type = ?3 AND data ->> 'message_id' = ?2")
                .setParameter(1, chatId).setParameter(2, messageId.toString()).setParameter(3, NotificationView.MENTION)
                .executeUpdate();
    }

    /** The user left the chat or was removed: its messages are no longer theirs to see. */
    public void leftChat(UUID userId, UUID chatId) {
        Notification.delete("userId = ?1 and chatId = ?2", userId, chatId);
    }

    /**
     * Deletes the messages no unread notification counts, stored more than {@code minutes} ago (a
     * batch being stored meanwhile may still give a user a notification counting from one of its
     * messages, which it stores again in its own transaction). The number deleted.
     */
    // SQL: a set-based delete on chat_messages (no entity) against the database's clock
    public int prune(int minutes) {
        return em.createNativeQuery("""
                        DELETE FROM chat_messages m
                         WHERE m.stored_at < now() - make_interval(mins => ?1)
                           AND NOT EXISTS (SELECT 1 FROM notifications n
                                            WHERE n.chat_id = m.chat_id AND n.read_at IS NULL AND n.first_seq <= m.seq)""")
                .setParameter(1, minutes).executeUpdate();
    }

    static String preview(String content) {
        if (content == null) {
            return "";
        }
        return content.length() <= PREVIEW_LENGTH ? content : content.substring(0, PREVIEW_LENGTH - 1) + "…";
    }
}
