package io.switchboard.notification.push;

import java.time.Duration;
import java.time.Instant;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.Scopes;
import io.switchboard.platform.http.ApiException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.notification.NotificationErrors;
import io.switchboard.notification.config.NotificationConfig;

/**
 * The push API: another backend (a service token with scope {@code push}) sends an event to some of its
 * users, and it arrives on their sockets as {@code {"type": "event", "event": type, "data": ...}},
 * on whatever realtime instance holds them. Nothing is stored: users who are not connected do not
 * get it.
 */
@Path("/api/events")
@Tag(name = "push")
@SecurityRequirement(name = "bearer")
@RolesAllowed(Scopes.PUSH)
@Consumes(MediaType.APPLICATION_JSON)
@Produces(MediaType.APPLICATION_JSON)
public class EventResource {

    /** What was accepted: the frame's id in the logs, and how many users it is for. */
    public record Accepted(UUID id, int userCount) {
    }

    private final UserEvents userEvents;
    private final NotificationConfig config;
    private final ObjectMapper json;

    public EventResource(UserEvents userEvents, NotificationConfig config, ObjectMapper json) {
        this.json = json;
        this.userEvents = userEvents;
        this.config = config;
    }

    @POST
    @Operation(summary = "Push an event to these users' sockets (a service token with scope push)")
    public Response push(@Valid @NotNull PushRequest request) {
        var users = request.userIds().stream().distinct().toList();
        if (users.size() > config.push().maxUsers()) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED,
                    "At most " + config.push().maxUsers() + " user_ids per event.");
        }
        var data = request.data() == null ? NullNode.getInstance() : request.data();
        var frame = userEvents.encode(new ServerEvent.Event(request.type(), data, Instant.now()));
        if (dataSize(data) > config.push().maxDataSize()) {
            throw new ApiException(413, NotificationErrors.DATA_TOO_LARGE,
                    "data is larger than " + config.push().maxDataSize() + " bytes.");
        }
        UUID id;
        try {
            id = userEvents.publish(users, false, "event", frame);
        } catch (UserEvents.PublishFailed e) {
            throw new ApiException(503, NotificationErrors.PUSH_UNAVAILABLE,
                    "The event could not be handed on; nothing was delivered. Try again.", Duration.ofSeconds(1));
        }
        return Response.accepted(new Accepted(id, users.size())).build();
    }

    private int dataSize(JsonNode data) {
        try {
            return json.writeValueAsBytes(data).length;
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
