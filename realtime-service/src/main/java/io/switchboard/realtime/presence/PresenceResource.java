package io.switchboard.realtime.presence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.Roles;
import io.switchboard.contracts.http.ApiException;

/**
 * Cluster-wide presence for other backends (notification-service asks it who is offline): any
 * instance answers for every instance, from the shared directory.
 */
@Path("/api/presence")
@Tag(name = "presence")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Roles.SERVICE)
public class PresenceResource {

    static final int MAX_USERS = 1000;

    /** One user's status over all their sockets on every live instance. */
    public record UserPresence(UUID userId, String status, Instant lastSeen) {
    }

    public record PresenceList(List<UserPresence> users) {
    }

    private final Presence presence;

    public PresenceResource(Presence presence) {
        this.presence = presence;
    }

    @GET
    @Operation(summary = "Presence of up to 1,000 users: online, away or offline, with last_seen")
    public PresenceList of(@QueryParam("user_id") List<String> userIds) {
        if (userIds == null || userIds.isEmpty() || userIds.size() > MAX_USERS) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED,
                    "Give between 1 and " + MAX_USERS + " user_id parameters.");
        }
        var ids = userIds.stream().map(PresenceResource::parse).distinct().toList();
        var states = presence.of(ids);
        return new PresenceList(ids.stream()
                .map(id -> new UserPresence(id, states.get(id).status(), states.get(id).lastSeen()))
                .toList());
    }

    private static UUID parse(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED, "user_id must be a UUID: " + id);
        }
    }
}
