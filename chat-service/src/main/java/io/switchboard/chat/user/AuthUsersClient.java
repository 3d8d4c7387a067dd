package io.switchboard.chat.user;

import java.util.Map;
import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's user lookup, called with the caller's own token. */
@RegisterRestClient(configKey = "auth")
@Path("/api/users")
public interface AuthUsersClient {

    @GET
    @Path("/{id}")
    Map<String, Object> get(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
}
