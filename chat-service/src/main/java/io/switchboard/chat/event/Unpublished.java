package io.switchboard.chat.event;

import java.time.Instant;

/** An event of the log whose publication Kafka has not acknowledged (as far as the log knows). */
public record Unpublished(long eventNo, String chatId, String envelope, Instant createdAt) {
}
