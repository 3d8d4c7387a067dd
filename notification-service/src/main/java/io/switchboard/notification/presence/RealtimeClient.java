package io.switchboard.notification.presence;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;

/** realtime-service's cluster-wide presence (any instance answers for all). */
@RegisterRestClient(configKey = "realtime")
@Path("/api/presence")
public interface RealtimeClient {

    /** A user's status now, or at {@code at} with its changes up to {@code until} when asked so. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserPresence(UUID userId, String status, Instant lastSeen, List<StatusChange> changes) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record StatusChange(Instant at, String status) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PresenceList(List<UserPresence> users) {
    }

    /** Without {@code at}: who is online now. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record PresenceQuery(List<UUID> userIds, Instant at, Instant until) {

        PresenceQuery(List<UUID> userIds) {
            this(userIds, null, null);
        }
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    PresenceList presence(@HeaderParam("Authorization") String bearer, PresenceQuery query);
}
