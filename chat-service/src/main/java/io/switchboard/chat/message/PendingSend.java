package io.switchboard.chat.message;

import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/** One send waiting for its batch; {@code result} completes once the batch committed (or failed). */
record PendingSend(UUID chatId, UUID sender, String content, String type, String clientId,
                   CompletableFuture<Sent> result) {

    PendingSend(UUID chatId, UUID sender, String content, String type, String clientId) {
        this(chatId, sender, content, type, clientId, new CompletableFuture<>());
    }

    /** What a repeat of this send has in common with it; null without a client_message_id. */
    ClientKey clientKey() {
        return clientId == null ? null : new ClientKey(chatId, sender, clientId);
    }

    /** A client_message_id is unique per chat and sender. */
    record ClientKey(UUID chatId, UUID sender, String clientId) {
    }
}
