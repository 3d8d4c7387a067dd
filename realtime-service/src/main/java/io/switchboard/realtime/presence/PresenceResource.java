package io.switchboard.realtime.presence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.security.SecurityRequirement;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

import com.fasterxml.jackson.annotation.JsonInclude;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.Scopes;
import io.switchboard.contracts.realtime.PresenceStatus;
import io.switchboard.platform.http.ApiException;

/**
 * Cluster-wide presence for other backends with scope {@code presence} (notification-service asks
 * it who is offline): any instance answers for every instance, from the shared directory.
 */
@Path("/api/presence")
@Tag(name = "presence")
@SecurityRequirement(name = "bearer")
@Produces(MediaType.APPLICATION_JSON)
@RolesAllowed(Scopes.PRESENCE)
public class PresenceResource {

    static final int MAX_USERS = 1000;

    /**
     * One user's status over all their sockets on every live instance. Asked with {@code at}:
     * {@code online} (away included) or {@code offline} at that moment, and with {@code until}
     * every change after it up to then.
     */
    public record UserPresence(UUID userId, String status, Instant lastSeen,
                               @JsonInclude(JsonInclude.Include.NON_NULL) List<StatusChange> changes) {
    }

    /** The user's status became {@code status} at {@code at}. */
    public record StatusChange(Instant at, String status) {
    }

    public record PresenceList(List<UserPresence> users) {
    }

    /**
     * Whose presence to tell: up to 1,000 user ids (in the body: a query string that long would not
     * fit a request line); optionally at a past moment, and how it changed from then until another.
     */
    public record PresenceQuery(List<String> userIds, Instant at, Instant until) {
    }

    private final Presence presence;

    public PresenceResource(Presence presence) {
        this.presence = presence;
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Operation(summary = "Presence of up to 1,000 users: online, away or offline, with last_seen; "
            + "with at, online or offline at that moment, and with until, each change from then to until")
    public PresenceList of(PresenceQuery query) {
        var userIds = query == null ? null : query.userIds();
        if (userIds == null || userIds.isEmpty() || userIds.size() > MAX_USERS) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED,
                    "Give between 1 and " + MAX_USERS + " user_ids.");
        }
        var ids = userIds.stream().map(PresenceResource::parse).distinct().toList();
        if (ids.contains(null)) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED, "user_ids must be UUIDs.");
        }
        if (query.at() != null) {
            return at(ids, query.at(), query.until());
        }
        if (query.until() != null) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED, "until needs at.");
        }
        var states = presence.of(ids);
        return new PresenceList(ids.stream()
                .map(id -> new UserPresence(id, states.get(id).status(), states.get(id).lastSeen(), null))
                .toList());
    }

    private PresenceList at(List<UUID> ids, Instant at, Instant until) {
        if (until != null && until.isBefore(at)) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED, "until must not be before at.");
        }
        var histories = presence.at(ids, at, until);
        return new PresenceList(ids.stream().map(id -> {
            var history = histories.get(id);
            var changes = until == null ? null : history.changes().stream()
                    .map(change -> new StatusChange(change.at(), status(change.online())))
                    .toList();
            return new UserPresence(id, status(history.online()), null, changes);
        }).toList());
    }

    private static String status(boolean online) {
        return online ? PresenceStatus.ONLINE : PresenceStatus.OFFLINE;
    }

    private static UUID parse(String id) {
        if (id == null) {
            return null;
        }
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException e) {
            throw new ApiException(400, ErrorCodes.VALIDATION_FAILED, "user_ids must be UUIDs: " + id);
        }
    }
}
