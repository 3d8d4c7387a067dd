package io.switchboard.notification.auth;

import java.util.UUID;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** The parts of auth-service this service calls; answers are read tolerantly (newer fields ignored). */
@RegisterRestClient(configKey = "auth")
@Path("/api")
public interface AuthClient {

    @JsonIgnoreProperties(ignoreUnknown = true)
    record ClientCredentials(String clientId, String clientSecret) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(String accessToken, long expiresIn) {
    }

    /** A user's contact details, for backends with scope contacts only. */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Contact(UUID id, String username, String displayName, String email) {
    }

    @POST
    @Path("/auth/token")
    @Consumes(MediaType.APPLICATION_JSON)
    Token token(ClientCredentials credentials);

    @GET
    @Path("/users/{id}/contact")
    Contact contact(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
}
