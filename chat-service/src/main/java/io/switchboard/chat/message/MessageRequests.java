package io.switchboard.chat.message;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/** Request bodies of the message endpoints. Content length is checked against configuration. */
public final class MessageRequests {

    private MessageRequests() {
    }

    public record Send(@NotNull String content,
                       @Pattern(regexp = "^[a-z][a-z0-9_]{0,31}$", message = "must be 1 to 32 lower-case letters, digits or '_'")
                       String messageType,
                       @Size(min = 1, max = 100) String clientMessageId) {
    }

    public record Edit(@NotNull String content) {
    }
}
