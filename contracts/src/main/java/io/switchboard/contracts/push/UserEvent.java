package io.switchboard.contracts.push;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A frame for some users' sockets that belongs to no chat (a notification, a push API event), as
 * notification-service publishes it to {@link io.switchboard.contracts.chat.Topics#USER_EVENTS}
 * and realtime-service routes it: to the sockets of {@code user_ids} on whatever instance holds
 * them, or to every socket when {@code everyone} is set.
 *
 * @param frameType the {@code type} of the frame (for metrics and logs)
 * @param frame     the frame, encoded once by the publisher with the WebSocket protocol's codec
 */
public record UserEvent(UUID id, Instant time, List<UUID> userIds, boolean everyone, String frameType,
                        String frame) {

    public UserEvent {
        userIds = userIds == null ? List.of() : List.copyOf(userIds);
    }
}
