package io.switchboard.chat;

import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

/**
 * Stands in for auth-service's {@code GET /api/users/{id}} in this module's tests (the real
 * services meet in the end-to-end tests): it knows the users {@link TestUser} created.
 */
@Path("/test-auth/api/users")
public class StubAuthUsers {

    static final Set<UUID> KNOWN = ConcurrentHashMap.newKeySet();
    /** Looking these up fails, as when auth-service is in trouble. */
    static final Set<UUID> FAILING = ConcurrentHashMap.newKeySet();

    @GET
    @Path("/{id}")
    public Response get(@PathParam("id") UUID id, @HeaderParam("Authorization") String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Response.status(401).build();
        }
        if (FAILING.contains(id)) {
            return Response.serverError().build();
        }
        return KNOWN.contains(id) ? Response.ok(Map.of("id", id)).build() : Response.status(404).build();
    }
}
