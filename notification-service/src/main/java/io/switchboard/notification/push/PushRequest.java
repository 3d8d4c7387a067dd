package io.switchboard.notification.push;

import java.util.List;
import java.util.UUID;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * {@code POST /api/events}: {@code type} is the backend's own event name (e.g. {@code todo:created}),
 * {@code data} any JSON, delivered unchanged.
 */
public record PushRequest(@NotEmpty List<@NotNull UUID> userIds,
                          @NotBlank @Size(max = 64) @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9:._-]*") String type,
                          JsonNode data) {
}
