package io.switchboard.chat.message;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.switchboard.platform.http.TextRules;

/**
 * Request bodies of the message endpoints. Content length is checked against configuration; the
 * characters are checked here, before a send is queued for the group commit.
 */
public final class MessageRequests {

    public static final int MAX_MENTIONS = 50;
    public static final int MAX_ATTACHMENTS = 10;

    private MessageRequests() {
    }

    /**
     * @param content       required, except that a message with files may have none
     * @param replyTo       a message of the same chat that this one answers
     * @param mentions      users to mention beside those named as {@code @username}; members only are kept
     * @param attachmentIds the sender's unused uploads to this chat, in the order to show them
     */
    public record Send(@Pattern(regexp = TextRules.TEXT, message = TextRules.TEXT_MESSAGE) String content,
                       @Pattern(regexp = "^[a-z][a-z0-9_]{0,31}$", message = "must be 1 to 32 lower-case letters, digits or '_'")
                       String messageType,
                       @Size(min = 1, max = 100) @Pattern(regexp = TextRules.LINE, message = TextRules.LINE_MESSAGE)
                       String clientMessageId,
                       UUID replyTo,
                       @Size(max = MAX_MENTIONS) List<@NotNull UUID> mentions,
                       @Size(max = MAX_ATTACHMENTS) List<@NotNull UUID> attachmentIds) {

        public Send(String content, String messageType, String clientMessageId) {
            this(content, messageType, clientMessageId, null, null, null);
        }
    }

    public record Edit(@NotNull @Pattern(regexp = TextRules.TEXT, message = TextRules.TEXT_MESSAGE) String content) {
    }
}
