package io.switchboard.contracts.chat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The payload of a chat event, one record per event type. The envelope's {@code type} names
 * which one {@code data} holds.
 */
public sealed interface ChatEventData {

    /** The event type this payload travels under. */
    String eventType();

    record ChatCreated(String chatType, String title, UUID ownerId, List<UUID> memberIds) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.CHAT_CREATED;
        }
    }

    /** The chat's title or owner changed (ownership passes on when the owner leaves). */
    record ChatUpdated(String title, UUID ownerId) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.CHAT_UPDATED;
        }
    }

    record MemberAdded(UUID userId, UUID addedBy) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.MEMBER_ADDED;
        }
    }

    /** {@code removedBy} is the member themself when they left. */
    record MemberRemoved(UUID userId, UUID removedBy) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.MEMBER_REMOVED;
        }
    }

    /**
     * @param mutedBy the members who muted the chat when the message was sent: they are not
     *                notified of it (empty in events written before mutes existed)
     */
    record MessageCreated(MessageView message, List<UUID> mutedBy) implements ChatEventData {
        public MessageCreated {
            mutedBy = mutedBy == null ? List.of() : List.copyOf(mutedBy);
        }

        public MessageCreated(MessageView message) {
            this(message, List.of());
        }

        public String eventType() {
            return ChatEventTypes.MESSAGE_CREATED;
        }
    }

    record MessageUpdated(UUID messageId, String content, Instant editedAt) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.MESSAGE_UPDATED;
        }
    }

    record MessageDeleted(UUID messageId, UUID deletedBy) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.MESSAGE_DELETED;
        }
    }

    /** {@code userId} has read every message up to and including {@code seq}. */
    record MessagesRead(UUID userId, long seq) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.MESSAGES_READ;
        }
    }

    /**
     * {@code userId} reacted to a message with {@code emoji}; {@code count} is how many members now
     * have. {@code messageSeq} is the message's own seq.
     */
    record ReactionAdded(UUID messageId, long messageSeq, String emoji, UUID userId, int count)
            implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.REACTION_ADDED;
        }
    }

    /** {@code userId} took their {@code emoji} reaction back; {@code count} is how many are left. */
    record ReactionRemoved(UUID messageId, long messageSeq, String emoji, UUID userId, int count)
            implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.REACTION_REMOVED;
        }
    }

    record MessagePinned(UUID messageId, long messageSeq, UUID userId) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.MESSAGE_PINNED;
        }
    }

    record MessageUnpinned(UUID messageId, long messageSeq, UUID userId) implements ChatEventData {
        public String eventType() {
            return ChatEventTypes.MESSAGE_UNPINNED;
        }
    }
}
