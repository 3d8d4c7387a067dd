package io.switchboard.contracts.realtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;

import io.switchboard.contracts.chat.MessageView;
import io.switchboard.contracts.notification.NotificationView;

/**
 * What the server sends over a WebSocket, one record per {@code type} (the record's
 * {@link JsonTypeName}). Every event has a {@code timestamp}. Events that come from a persisted
 * change carry {@code chat_id} and {@code event_seq}, the chat's event sequence: (chat_id,
 * event_seq) identifies the change, so a client recognises a duplicate and knows where to
 * {@code resume} from.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, include = JsonTypeInfo.As.PROPERTY, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(ServerEvent.Connected.class),
        @JsonSubTypes.Type(ServerEvent.Authenticated.class),
        @JsonSubTypes.Type(ServerEvent.Pong.class),
        @JsonSubTypes.Type(ServerEvent.NewMessage.class),
        @JsonSubTypes.Type(ServerEvent.MessageSent.class),
        @JsonSubTypes.Type(ServerEvent.MessageUpdated.class),
        @JsonSubTypes.Type(ServerEvent.MessageDeleted.class),
        @JsonSubTypes.Type(ServerEvent.MessagesRead.class),
        @JsonSubTypes.Type(ServerEvent.UserJoined.class),
        @JsonSubTypes.Type(ServerEvent.UserLeft.class),
        @JsonSubTypes.Type(ServerEvent.ChatCreated.class),
        @JsonSubTypes.Type(ServerEvent.ChatUpdated.class),
        @JsonSubTypes.Type(ServerEvent.ReactionAdded.class),
        @JsonSubTypes.Type(ServerEvent.ReactionRemoved.class),
        @JsonSubTypes.Type(ServerEvent.MessagePinned.class),
        @JsonSubTypes.Type(ServerEvent.MessageUnpinned.class),
        @JsonSubTypes.Type(ServerEvent.Typing.class),
        @JsonSubTypes.Type(ServerEvent.UserStatus.class),
        @JsonSubTypes.Type(ServerEvent.MyChats.class),
        @JsonSubTypes.Type(ServerEvent.ChatStatus.class),
        @JsonSubTypes.Type(ServerEvent.PresenceBatch.class),
        @JsonSubTypes.Type(ServerEvent.Resumed.class),
        @JsonSubTypes.Type(ServerEvent.ResyncRequired.class),
        @JsonSubTypes.Type(ServerEvent.Notification.class),
        @JsonSubTypes.Type(ServerEvent.Event.class),
        @JsonSubTypes.Type(ServerEvent.Error.class)
})
public sealed interface ServerEvent {

    Instant timestamp();

    /** An event from the chat event log: it carries its chat and sequence. */
    sealed interface Persisted extends ServerEvent {
        UUID chatId();

        long eventSeq();
    }

    /** The first event on every socket. */
    @JsonTypeName("connected")
    record Connected(UUID userId, String connectionId, Instant expiresAt, Instant timestamp) implements ServerEvent {
    }

    /** The socket now runs on the token sent with {@code auth}. */
    @JsonTypeName("authenticated")
    record Authenticated(UUID userId, Instant expiresAt, Instant timestamp) implements ServerEvent {
    }

    @JsonTypeName("pong")
    record Pong(Instant timestamp) implements ServerEvent {
    }

    @JsonTypeName("new_message")
    record NewMessage(UUID chatId, long eventSeq, MessageView message, Instant timestamp) implements Persisted {
    }

    /** The answer to this socket's {@code send_message}; every member's devices also get {@code new_message}. */
    @JsonTypeName("message_sent")
    record MessageSent(UUID chatId, String clientMessageId, MessageView message, Instant timestamp)
            implements ServerEvent {
    }

    @JsonTypeName("message_updated")
    record MessageUpdated(UUID chatId, long eventSeq, UUID messageId, String content, Instant editedAt,
                          Instant timestamp) implements Persisted {
    }

    @JsonTypeName("message_deleted")
    record MessageDeleted(UUID chatId, long eventSeq, UUID messageId, UUID deletedBy, Instant timestamp)
            implements Persisted {
    }

    /** {@code user_id} has read the chat up to and including message {@code seq}. */
    @JsonTypeName("messages_read")
    record MessagesRead(UUID chatId, long eventSeq, UUID userId, long seq, Instant timestamp) implements Persisted {
    }

    @JsonTypeName("user_joined")
    record UserJoined(UUID chatId, long eventSeq, UUID userId, UUID addedBy, Instant timestamp)
            implements Persisted {
    }

    /** {@code removed_by} is the user themself when they left. */
    @JsonTypeName("user_left")
    record UserLeft(UUID chatId, long eventSeq, UUID userId, UUID removedBy, Instant timestamp)
            implements Persisted {
    }

    @JsonTypeName("chat_created")
    record ChatCreated(UUID chatId, long eventSeq, String chatType, String title, UUID ownerId,
                       List<UUID> memberIds, Instant timestamp) implements Persisted {
    }

    /** The title or the owner changed. */
    @JsonTypeName("chat_updated")
    record ChatUpdated(UUID chatId, long eventSeq, String title, UUID ownerId, Instant timestamp)
            implements Persisted {
    }

    /**
     * {@code user_id} reacted to message {@code message_id} (whose seq is {@code seq}) with
     * {@code emoji}; {@code count} is how many now have.
     */
    @JsonTypeName("reaction_added")
    record ReactionAdded(UUID chatId, long eventSeq, UUID messageId, long seq, String emoji, UUID userId, int count,
                         Instant timestamp) implements Persisted {
    }

    @JsonTypeName("reaction_removed")
    record ReactionRemoved(UUID chatId, long eventSeq, UUID messageId, long seq, String emoji, UUID userId, int count,
                           Instant timestamp) implements Persisted {
    }

    /** {@code user_id} pinned message {@code message_id} (whose seq is {@code seq}). */
    @JsonTypeName("message_pinned")
    record MessagePinned(UUID chatId, long eventSeq, UUID messageId, long seq, UUID userId, Instant timestamp)
            implements Persisted {
    }

    @JsonTypeName("message_unpinned")
    record MessageUnpinned(UUID chatId, long eventSeq, UUID messageId, long seq, UUID userId, Instant timestamp)
            implements Persisted {
    }

    @JsonTypeName("typing")
    record Typing(UUID chatId, UUID userId, boolean isTyping, Instant timestamp) implements ServerEvent {
    }

    /** {@code status} is online, away or offline; {@code last_seen} is when they were last connected. */
    @JsonTypeName("user_status")
    record UserStatus(UUID userId, String status, Instant lastSeen, Instant timestamp) implements ServerEvent {
    }

    /**
     * A page of the user's chats as chat-service lists them ({@code GET /api/chats}), with unread
     * counts; {@code next_after}: when more chats follow, the {@code after} that asks for them, else null.
     */
    @JsonTypeName("my_chats")
    record MyChats(JsonNode chats, UUID nextAfter, Instant timestamp) implements ServerEvent {
    }

    @JsonTypeName("chat_status")
    record ChatStatus(List<ChatPresence> chats, Instant timestamp) implements ServerEvent {
    }

    /**
     * The status of users this socket subscribed to ({@code subscribe_presence}): all of them in
     * the answer to it, then those whose status changed, gathered over the batch interval.
     */
    @JsonTypeName("presence")
    record PresenceBatch(List<MemberPresence> users, Instant timestamp) implements ServerEvent {
    }

    /** Each resumed chat, with the last event sequence now delivered. */
    @JsonTypeName("resumed")
    record Resumed(Map<UUID, Long> chats, Instant timestamp) implements ServerEvent {
    }

    /** Events the client missed in this chat are no longer kept: reload it over REST. */
    @JsonTypeName("resync_required")
    record ResyncRequired(UUID chatId, Instant timestamp) implements ServerEvent {
    }

    /** A notification for this user: a system notice, or what they missed while offline. */
    @JsonTypeName("notification")
    record Notification(NotificationView notification, Instant timestamp) implements ServerEvent {
    }

    /**
     * From another backend through the push API: {@code event} is that backend's own name for it
     * (e.g. {@code todo:created}), {@code data} its payload as the backend sent it.
     */
    @JsonTypeName("event")
    record Event(String event, JsonNode data, Instant timestamp) implements ServerEvent {
    }

    /**
     * A request could not be carried out; the socket stays open. {@code request_type} names the
     * client message it answers, when there was one.
     */
    @JsonTypeName("error")
    record Error(String code, String message, String requestType, UUID chatId, String clientMessageId,
                 Instant timestamp) implements ServerEvent {
    }

    /** One chat's members and their presence, in {@code chat_status}. */
    record ChatPresence(UUID chatId, List<MemberPresence> members) {
    }

    record MemberPresence(UUID userId, String status, Instant lastSeen) {
    }
}
