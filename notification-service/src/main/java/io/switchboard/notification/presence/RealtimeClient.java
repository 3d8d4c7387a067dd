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

/** realtime-service's cluster-wide presence (any instance answers for all). */
@RegisterRestClient(configKey = "realtime")
@Path("/api/presence")
public interface RealtimeClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record UserPresence(UUID userId, String status, Instant lastSeen) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record PresenceList(List<UserPresence> users) {
    }

    record PresenceQuery(List<UUID> userIds) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    PresenceList presence(@HeaderParam("Authorization") String bearer, PresenceQuery query);
}
