package io.switchboard.platform.security;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.MediaType;

import org.eclipse.microprofile.rest.client.inject.RegisterRestClient;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;

/** auth-service's client-credentials grant, at {@code quarkus.rest-client.auth.url}. */
@RegisterRestClient(configKey = "auth")
@Path("/api/auth/token")
public interface TokenClient {

    record ClientCredentials(String clientId, String clientSecret) {
    }

    @JsonIgnoreProperties(ignoreUnknown = true)
    record Token(String accessToken, long expiresIn) {
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    Token token(ClientCredentials credentials);
}
