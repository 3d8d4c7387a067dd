package io.switchboard.contracts.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * One entry of a chat's event log, as stored by chat-service and published to Kafka
 * ({@link Topics#CHAT_EVENTS}, keyed by chat id). The attributes follow CloudEvents: {@code id},
 * {@code type}, {@code source}, {@code time}, {@code subject} (the chat id). {@code seq} is the
 * chat's strictly increasing sequence: (chat_id, seq) identifies an event, so a consumer
 * recognises a duplicate by it.
 * <p>
 * An event does not name who it is for: a consumer keeps each chat's members itself, from the
 * membership events in the same ordered stream ({@link ChatRosters}), so a message to a group of
 * thousands costs what a message to two costs.
 *
 * @param actorId the user whose action caused the event
 */
public record ChatEvent(UUID id, String type, String source, Instant time, String subject, UUID chatId, long seq,
                        UUID actorId, ChatEventData data) {

    public static final String SOURCE = "chat-service";

    public static ChatEvent of(UUID chatId, long seq, UUID actorId, ChatEventData data, Instant time) {
        return new ChatEvent(UUID.randomUUID(), data.eventType(), SOURCE, time, chatId.toString(), chatId, seq,
                actorId, data);
    }

    /** The same event (id, seq, time) with other data of the same type. */
    public ChatEvent withData(ChatEventData changed) {
        if (!changed.eventType().equals(type)) {
            throw new IllegalArgumentException("a " + type + " event cannot carry " + changed.eventType());
        }
        return new ChatEvent(id, type, source, time, subject, chatId, seq, actorId, changed);
    }
}
