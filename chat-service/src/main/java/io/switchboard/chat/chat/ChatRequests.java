package io.switchboard.chat.chat;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import io.switchboard.platform.http.TextRules;

/** Request bodies of the chat endpoints. */
public final class ChatRequests {

    static final String TITLE = "^(?=.*\\S)" + TextRules.LINE_CHAR + "{1,100}$";
    static final String TITLE_MESSAGE = "must be 1 to 100 characters without control characters";

    private ChatRequests() {
    }

    /**
     * {@code {type: "direct", user_id}} or {@code {type: "group", title, member_ids}}; the fields of
     * the other type must be absent.
     */
    public record CreateChat(@NotNull @Pattern(regexp = "direct|group", message = "must be direct or group") String type,
                             UUID userId,
                             @Pattern(regexp = TITLE, message = TITLE_MESSAGE) String title,
                             @Size(max = 1000) List<@NotNull UUID> memberIds) {
    }

    public record UpdateChat(@NotNull @Pattern(regexp = TITLE, message = TITLE_MESSAGE) String title) {
    }

    public record AddMembers(@NotNull @Size(min = 1, max = 100) List<@NotNull UUID> userIds) {
    }
}
