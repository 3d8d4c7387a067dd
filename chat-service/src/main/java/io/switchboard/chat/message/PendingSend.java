package io.switchboard.chat.message;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * One send waiting for its batch; {@code result} completes once the batch committed (or failed).
 *
 * @param replyTo       the message it answers, to be checked in the batch (null for none)
 * @param mentions      the users it names; the batch keeps the chat's members among them
 * @param attachmentIds the sender's unused uploads to this chat it carries, checked in the batch
 */
record PendingSend(UUID chatId, UUID sender, String content, String type, String clientId, UUID replyTo,
                   List<UUID> mentions, List<UUID> attachmentIds, CompletableFuture<Sent> result) {

    PendingSend(UUID chatId, UUID sender, String content, String type, String clientId) {
        this(chatId, sender, content, type, clientId, null, List.of(), List.of(), new CompletableFuture<>());
    }

    PendingSend(UUID chatId, UUID sender, String content, String type, String clientId, UUID replyTo,
                List<UUID> mentions, List<UUID> attachmentIds) {
        this(chatId, sender, content, type, clientId, replyTo, List.copyOf(mentions), List.copyOf(attachmentIds),
                new CompletableFuture<>());
    }

    /** What a repeat of this send has in common with it; null without a client_message_id. */
    ClientKey clientKey() {
        return clientId == null ? null : new ClientKey(chatId, sender, clientId);
    }

    /** A client_message_id is unique per chat and sender. */
    record ClientKey(UUID chatId, UUID sender, String clientId) {
    }
}
