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
    public static final String REACTION_ADDED = "reaction.added";
    public static final String REACTION_REMOVED = "reaction.removed";
    public static final String MESSAGE_PINNED = "message.pinned";
    public static final String MESSAGE_UNPINNED = "message.unpinned";

    static final Map<String, Class<? extends ChatEventData>> PAYLOADS = Map.ofEntries(
            Map.entry(CHAT_CREATED, ChatEventData.ChatCreated.class),
            Map.entry(CHAT_UPDATED, ChatEventData.ChatUpdated.class),
            Map.entry(MEMBER_ADDED, ChatEventData.MemberAdded.class),
            Map.entry(MEMBER_REMOVED, ChatEventData.MemberRemoved.class),
            Map.entry(MESSAGE_CREATED, ChatEventData.MessageCreated.class),
            Map.entry(MESSAGE_UPDATED, ChatEventData.MessageUpdated.class),
            Map.entry(MESSAGE_DELETED, ChatEventData.MessageDeleted.class),
            Map.entry(MESSAGES_READ, ChatEventData.MessagesRead.class),
            Map.entry(REACTION_ADDED, ChatEventData.ReactionAdded.class),
            Map.entry(REACTION_REMOVED, ChatEventData.ReactionRemoved.class),
            Map.entry(MESSAGE_PINNED, ChatEventData.MessagePinned.class),
            Map.entry(MESSAGE_UNPINNED, ChatEventData.MessageUnpinned.class));

    private ChatEventTypes() {
    }

    /** The payload record of a type, or null for a type this version does not know. */
    public static Class<? extends ChatEventData> payloadOf(String type) {
        return PAYLOADS.get(type);
    }
}
