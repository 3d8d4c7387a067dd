package io.switchboard.chat;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Response;

/**
 * Stands in for auth-service's {@code GET /api/users/{id}} and {@code GET /api/users?usernames=}
 * in this module's tests (the real services meet in the end-to-end tests): it knows the users
 * {@link TestUser} created.
 */
@Path("/test-auth/api/users")
public class StubAuthUsers {

    static final Set<UUID> KNOWN = ConcurrentHashMap.newKeySet();
    /** Usernames (lower case) of the known users. */
    static final Map<String, UUID> NAMES = new ConcurrentHashMap<>();
    /** Looking these up fails, as when auth-service is in trouble. */
    static final Set<UUID> FAILING = ConcurrentHashMap.newKeySet();

    @GET
    public Response byUsernames(@QueryParam("usernames") String usernames,
                                @HeaderParam("Authorization") String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Response.status(401).build();
        }
        var found = Arrays.stream(usernames.split(",")).map(name -> name.toLowerCase(Locale.ROOT))
                .filter(NAMES::containsKey).map(name -> Map.of("id", NAMES.get(name), "username", name, "display_name", name)).toList();
        return Response.ok(found).build();
    }

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
