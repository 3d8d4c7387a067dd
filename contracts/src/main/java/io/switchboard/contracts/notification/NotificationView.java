package io.switchboard.contracts.notification;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A notification as its user sees it, over REST ({@code GET /api/notifications}) and on the
 * socket ({@code notification}).
 *
 * @param type         {@code chat_messages} for messages missed while offline (one per chat),
 *                     {@code mention} for a message that mentioned the user while they were offline
 *                     (one per message), or the type a system notice was sent with (e.g.
 *                     {@code account_warning})
 * @param chatId       the chat of a {@code chat_messages} or {@code mention} notification, else null
 * @param unreadCount  how many messages a {@code chat_messages} notification stands for, else null
 * @param data         free-form JSON given with a notice; for {@code chat_messages}, the latest message
 */
public record NotificationView(UUID id, String type, String title, String body, JsonNode data, UUID chatId,
                               Integer unreadCount, boolean read, Instant createdAt, Instant updatedAt) {

    /** The type of the notification that stands for a chat's messages missed while offline. */
    public static final String CHAT_MESSAGES = "chat_messages";

    /**
     * The type of the notification of one message that mentioned the user; {@code data} holds
     * {@code chat_id}, {@code message_id}, {@code seq} and {@code sender_id}.
     */
    public static final String MENTION = "mention";
}
