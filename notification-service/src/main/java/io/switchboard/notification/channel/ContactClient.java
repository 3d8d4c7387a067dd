package io.switchboard.notification.channel;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** auth-service's contact details of a user (scope {@code contacts}), for e-mail. */
@RegisterRestClient(configKey = "auth")
@Path("/api/users/{id}/contact")
public interface ContactClient {

    /** Newer fields are ignored. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Contact(UUID id, String username, String displayName, String email) {
    }

    @GET
    Contact contact(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
}
