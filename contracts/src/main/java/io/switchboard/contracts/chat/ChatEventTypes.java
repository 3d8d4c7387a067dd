package io.switchboard.contracts.chat;

import java.util.Map;

/** The {@code type} attribute of each chat event, and the payload record it carries. */
public final class ChatEventTypes {

    public static final String CHAT_CREATED = "chat.created";
    public static final String CHAT_UPDATED = "chat.updated";
    public static final String MEMBER_ADDED = "chat.member_added";
    public static final String MEMBER_REMOVED = "chat.member_removed";
    public static final String MESSAGE_CREATED = "message.created";
    public static final String MESSAGE_UPDATED = "message.updated";
    public static final String MESSAGE_DELETED = "message.deleted";
    public static final String MESSAGES_READ = "messages.read";

    static final Map<String, Class<? extends ChatEventData>> PAYLOADS = Map.of(
            CHAT_CREATED, ChatEventData.ChatCreated.class,
            CHAT_UPDATED, ChatEventData.ChatUpdated.class,
            MEMBER_ADDED, ChatEventData.MemberAdded.class,
            MEMBER_REMOVED, ChatEventData.MemberRemoved.class,
            MESSAGE_CREATED, ChatEventData.MessageCreated.class,
            MESSAGE_UPDATED, ChatEventData.MessageUpdated.class,
            MESSAGE_DELETED, ChatEventData.MessageDeleted.class,
            MESSAGES_READ, ChatEventData.MessagesRead.class);

    private ChatEventTypes() {
    }

    /** The payload record of a type, or null for a type this version does not know. */
    public static Class<? extends ChatEventData> payloadOf(String type) {
        return PAYLOADS.get(type);
    }
}
