package io.switchboard.chat.user;

import java.util.UUID;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

/** auth-service's user lookup, called with the caller's own token; only the status matters. */
@RegisterRestClient(configKey = "auth")
@Path("/api/users")
public interface AuthUsersClient {

    @GET
    @Path("/{id}")
    Response get(@HeaderParam("Authorization") String bearer, @PathParam("id") UUID id);
}
