package io.switchboard.notification.members;

import java.util.UUID;

/** chat-service could not be asked who was in a chat at an event; the event waits and is tried again. */
public final class MembersUnavailable extends RuntimeException {

    public MembersUnavailable(UUID chatId, long seq, Throwable cause) {
        super("chat-service could not tell the members of chat " + chatId + " before event " + seq, cause);
    }
}
