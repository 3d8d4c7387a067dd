package io.switchboard.notification.offline;

import java.util.Set;
import java.util.UUID;

import io.switchboard.contracts.chat.ChatEvent;

/** A chat event and whom it is for (the chat's members when it happened, and a member it removes). */
record Addressed(ChatEvent event, Set<UUID> recipients) {
}
