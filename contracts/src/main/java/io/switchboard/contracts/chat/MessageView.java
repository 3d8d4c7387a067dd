package io.switchboard.contracts.chat;

import java.time.Instant;
import java.util.UUID;

/**
 * A message as clients see it, over REST and in events. A deleted message keeps its slot and
 * {@code seq} but has no content.
 */
public record MessageView(UUID id, UUID chatId, long seq, UUID senderId, String content, String messageType,
                          Instant createdAt, Instant editedAt, boolean deleted) {
}
