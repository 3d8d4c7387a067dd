package io.switchboard.contracts.realtime;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What a client may send over its WebSocket, one record per {@code type}. On the wire a message is
 * flat ({@code {"type": "typing", "chat_id": ..., "is_typing": true}}) or wraps its fields in
 * {@code data} ({@code {"type": "typing", "data": {...}}}); {@link ProtocolCodec} reads both.
 * The type names are in {@link #TYPES}, their aliases in {@link #ALIASES}.
 */
public sealed interface ClientMessage {

    /** Each {@code type} and the record it decodes to. */
    Map<String, Class<? extends ClientMessage>> TYPES = Map.ofEntries(
            Map.entry("ping", Ping.class),
            Map.entry("typing", Typing.class),
            Map.entry("read_messages", ReadMessages.class),
            Map.entry("send_message", SendMessage.class),
            Map.entry("join_chat", JoinChat.class),
            Map.entry("leave_chat", LeaveChat.class),
            Map.entry("get_my_chats", GetMyChats.class),
            Map.entry("get_chat_status", GetChatStatus.class),
            Map.entry("status", SetStatus.class),
            Map.entry("subscribe_presence", SubscribePresence.class),
            Map.entry("resume", Resume.class),
            Map.entry("auth", Auth.class));

    /** Other names a type is accepted under, as older frontends send them. */
    Map<String, String> ALIASES = Map.of("mark_read", "read_messages");

    /** The record a {@code type} (or alias) decodes to; null for an unknown type. */
    static Class<? extends ClientMessage> classOf(String type) {
        return TYPES.get(ALIASES.getOrDefault(type, type));
    }

    /** The {@code type} of a message. */
    static String typeOf(ClientMessage message) {
        return TYPES.entrySet().stream()
                .filter(entry -> entry.getValue() == message.getClass())
                .map(Map.Entry::getKey)
                .findFirst()
                .orElseThrow();
    }

    /** Answered with {@code pong}. */
    record Ping() implements ClientMessage {
    }

    /** Relayed to the chat's other members as {@code typing}; expires unless refreshed. */
    record Typing(@Required UUID chatId, @Required Boolean isTyping) implements ClientMessage {
    }

    /** Marks the chat read up to {@code seq} (default: its latest message), through chat-service. */
    record ReadMessages(@Required UUID chatId, Long seq) implements ClientMessage {
    }

    /**
     * Sends a message through chat-service, with the same fields as its REST call; answered with
     * {@code message_sent} or {@code error}.
     */
    record SendMessage(@Required UUID chatId, String content, String messageType, String clientMessageId,
                       UUID replyTo, List<UUID> mentions, List<UUID> attachmentIds) implements ClientMessage {

        /** A plain text message. */
        public SendMessage(UUID chatId, String content, String messageType, String clientMessageId) {
            this(chatId, content, messageType, clientMessageId, null, null, null);
        }
    }

    /** Unmutes a chat on this socket (every chat of the user is delivered from the start). */
    record JoinChat(@Required UUID chatId) implements ClientMessage {
    }

    /** Mutes a chat on this socket: its events stop reaching this socket, not the user's others. */
    record LeaveChat(@Required UUID chatId) implements ClientMessage {
    }

    /**
     * Answered with {@code my_chats}: a page of the user's chats, most recent activity first
     * ({@code limit} 1–500, default 100), those after chat {@code after} when it is given.
     */
    record GetMyChats(Integer limit, UUID after) implements ClientMessage {
    }

    /** Answered with {@code chat_status}: one chat's members, or every chat's without {@code chat_id}. */
    record GetChatStatus(UUID chatId) implements ClientMessage {
    }

    /** Sets this socket's status, {@code online} or {@code away}. */
    record SetStatus(@Required String status) implements ClientMessage {
    }

    /**
     * Replaces this socket's presence subscription with these users (people who share a chat with
     * the user; an empty list ends it): answered with {@code presence} for each of them, then a
     * {@code presence} with whoever of them changed, at most once per batch interval.
     */
    record SubscribePresence(@Required List<UUID> userIds) implements ClientMessage {
    }

    /** For each chat, the last event sequence the client has; everything after it is replayed. */
    record Resume(@Required Map<UUID, Long> chats) implements ClientMessage {
    }

    /** A fresh access token for this socket, before the current one expires. */
    record Auth(@Required String token) implements ClientMessage {
    }
}
