package io.switchboard.chat.message;

import java.util.UUID;

/**
 * Fired, synchronously and in the deletion's transaction, after a message is deleted and its
 * {@code message.deleted} event logged: what hangs on a message (its pin) goes with it.
 */
public record MessageDeletion(UUID chatId, UUID messageId, long seq, UUID deletedBy) {
}
