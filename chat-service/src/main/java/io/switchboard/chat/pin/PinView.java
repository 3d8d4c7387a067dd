package io.switchboard.chat.pin;

import java.time.Instant;
import java.util.UUID;

import io.switchboard.contracts.chat.MessageView;

/** A pinned message, who pinned it and when. */
public record PinView(MessageView message, UUID pinnedBy, Instant pinnedAt) {
}
