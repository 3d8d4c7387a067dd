package io.switchboard.chat.message;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.switchboard.platform.http.TextRules;

/**
 * Request bodies of the message endpoints. Content length is checked against configuration; the
 * characters are checked here, before a send is queued for the group commit.
 */
public final class MessageRequests {

    private MessageRequests() {
    }

    public record Send(@NotNull @Pattern(regexp = TextRules.TEXT, message = TextRules.TEXT_MESSAGE) String content,
                       @Pattern(regexp = "^[a-z][a-z0-9_]{0,31}$", message = "must be 1 to 32 lower-case letters, digits or '_'")
                       String messageType,
                       @Size(min = 1, max = 100) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE)
                       String clientMessageId) {
    }

    public record Edit(@NotNull @Pattern(regexp = TextRules.TEXT, message = TextRules.TEXT_MESSAGE) String content) {
    }
}
