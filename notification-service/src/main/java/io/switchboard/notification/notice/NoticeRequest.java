package io.switchboard.notification.notice;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

/** {@code POST /api/notifications}: a notice to listed users, or to all. */
public record NoticeRequest(List<UUID> userIds, Boolean all,
                            @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9:._-]*") String type,
                            @NotBlank @Size(max = 200) String title,
                            @Size(max = 4000) String body,
                            JsonNode data) {

    public boolean toEveryone() {
        return Boolean.TRUE.equals(all);
    }

    @AssertTrue(message = "give either user_ids (not empty) or all: true, not both")
    public boolean isAudienceClear() {
        return toEveryone() ? userIds == null : userIds != null && !userIds.isEmpty() && !userIds.contains(null);
    }
}
