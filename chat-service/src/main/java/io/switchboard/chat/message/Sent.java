package io.switchboard.chat.message;

import io.switchboard.contracts.chat.MessageView;

/** A sent message, and whether this request stored it (a repeated client_message_id did not). */
public record Sent(MessageView message, boolean created) {
}
