package io.switchboard.realtime.cluster;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import io.quarkus.runtime.annotations.RegisterForReflection;

/**
 * What one instance hands another through its inbox partition: a frame already encoded, and the
 * users on the receiving instance it is for. Internal to realtime-service: {@link InboxRecordCodec}
 * writes it, and reads both its own format and the JSON that earlier versions wrote.
 *
 * @param chatId         the chat of a chat event or typing frame (mutes apply), else null
 * @param seq            the chat event's sequence (resume ordering), or -1
 * @param users          the receiving instance's users it is for (empty when {@code everyone})
 * @param membership     for a chat event that changes who is in the chat: the event in chat-service's
 *                       format, so the receiver keeps its member lists current; else null
 * @param membershipRecipients with {@code membership}: whom that event was for (the members when it
 *                       happened, and a member it removes); else null
 * @param everyone       for every socket of the receiving instance (a notice to all users)
 */
@RegisterForReflection // earlier versions' JSON records are read with an ObjectMapper, also in a native image
public record InboxRecord(String frameType, String frame, boolean droppable, Instant eventTime, UUID chatId,
                          long seq, List<UUID> users, String membership,
                          List<UUID> membershipRecipients, boolean everyone) {
}
