package io.switchboard.auth.keys;

import java.util.Map;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.CacheControl;
import jakarta.ws.rs.core.Response;

/** The public keys other services verify access tokens with. */
@Path("/.well-known/jwks.json")
public class JwksResource {

    private final SigningKeys keys;

    public JwksResource(SigningKeys keys) {
        this.keys = keys;
    }

    @GET
    @Produces({"application/jwk-set+json", "application/json"})
    public Response jwks() {
        var cache = new CacheControl();
        cache.setNoTransform(false);
        cache.setMaxAge(300); // verifiers refetch within 5 minutes: publish a new key that long before it signs
        Map<String, Object> body = keys.jwks();
        return Response.ok(body).cacheControl(cache).build();
    }
}
