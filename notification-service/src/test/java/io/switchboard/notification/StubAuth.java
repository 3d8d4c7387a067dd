package io.switchboard.notification;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;

import io.switchboard.devstack.TestTokens;
import io.switchboard.contracts.Scopes;

/**
 * Stands in for auth-service in this module's tests (the real services meet in the end-to-end
 * tests): client credentials give a service token; contacts are the e-mail addresses tests set.
 */
@Path("/test-auth/api")
public class StubAuth {

    static final Map<UUID, String> EMAILS = new ConcurrentHashMap<>();
    static final AtomicInteger TOKENS_ISSUED = new AtomicInteger();
    /** Contact lookups to refuse with 401 (as after a key rotation), before answering again. */
    static final AtomicInteger REJECT_NEXT = new AtomicInteger();

    public record Credentials(String clientId, String clientSecret) {
    }

    @POST
    @Path("/auth/token")
    public Response token(Credentials credentials) {
        if (!"notification-service".equals(credentials.clientId()) || !"test-secret".equals(credentials.clientSecret())) {
            return Response.status(401).build();
        }
        TOKENS_ISSUED.incrementAndGet();
        // what auth-service grants notification-service in every configuration, nothing more
        var token = TestTokens.get().serviceToken("notification-service", Scopes.PRESENCE, Scopes.MEMBERSHIPS, Scopes.CONTACTS);
        return Response.ok(Map.of("access_token", token, "token_type", "Bearer", "expires_in", 900)).build();
    }

    @GET
    @Path("/users/{id}/contact")
    public Response contact(@PathParam("id") UUID id, @HeaderParam("Authorization") String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return Response.status(401).build();
        }
        if (!TestTokens.grants(authorization, Scopes.CONTACTS)) {
            return Response.status(403).build();
        }
        if (REJECT_NEXT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return Response.status(401).build();
        }
        var email = EMAILS.get(id);
        var contact = new java.util.HashMap<String, Object>(Map.of("id", id, "username", "user-" + id));
        contact.put("display_name", null);
        contact.put("email", email);
        return Response.ok(contact).build();
    }
}
