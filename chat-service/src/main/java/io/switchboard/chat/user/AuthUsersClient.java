package io.switchboard.chat.user;

import java.util.List;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** auth-service's user lookups, called with the caller's own token. */
@RegisterRestClient(configKey = "auth")
@Path("/api/users")
public interface AuthUsersClient {

    @GET
    @Path("/{id}")
    Response get(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);

    /** The users with these usernames (compared case-insensitively), those that exist. */
    @GET
    List<Named> byUsernames(@HeaderParam("Authorization") String bearer, @QueryParam("usernames") String commaSeparated);

    /** A user as the lookup by username answers (other fields are ignored). */
    @JsonIgnoreProperties(ignoreUnknown = true)
    record Named(UUID id, String username) {
    }
}
