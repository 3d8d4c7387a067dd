package io.switchboard.platform.security;

import java.util.Optional;
import java.util.function.Function;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.ws.rs.WebApplicationException;

import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.runtime.StartupEvent;

/**
 * This service's own access token (role {@code service}), issued by auth-service to the client
 * {@code switchboard.service-client.id} with secret {@code switchboard.service-client.secret}
 * ({@code SWITCHBOARD_SERVICE_CLIENT_SECRET}). A service that cannot work without it sets
 * {@code switchboard.service-client.required=true} and does not start without a secret.
 */
@ApplicationScoped
public class ServiceToken {

    private static final String SECRET_KEY = "switchboard.service-client.secret (SWITCHBOARD_SERVICE_CLIENT_SECRET)";

    private final String clientId;
    private final Optional<String> secret;
    private final boolean required;
    private final ServiceTokens tokens;

    public ServiceToken(@RestClient TokenClient auth,
                 @ConfigProperty(name = "switchboard.service-client.id") String clientId,
                 @ConfigProperty(name = "switchboard.service-client.secret") Optional<String> secret,
                 @ConfigProperty(name = "switchboard.service-client.required", defaultValue = "false") boolean required) {
        this.clientId = clientId;
        this.secret = secret.filter(value -> !value.isBlank());
        this.required = required;
        this.tokens = new ServiceTokens(() -> {
            var token = auth.token(new TokenClient.ClientCredentials(clientId, this.secret.orElseThrow(this::unconfigured)));
            return new ServiceTokens.Issued(token.accessToken(), token.expiresIn());
        });
    }

    void requireSecret(@Observes @Priority(5) StartupEvent startup) {
        if (required && !configured()) {
            throw unconfigured();
        }
    }

    /** Whether a secret is set, so a token can be asked for. */
    public boolean configured() {
        return secret.isPresent();
    }

    /** {@code Bearer <token>}; throws when no secret is set, or auth-service refuses or cannot be reached. */
    public String bearer() {
        return tokens.bearer();
    }

    /** Forgets the token, so the next call gets a new one. */
    public void invalidate() {
        tokens.invalidate();
    }

    /**
     * Makes {@code request} with the token; when it is refused with 401 (expired early, or the
     * keys rotated), once more with a new one.
     */
    public <T> T call(Function<String, T> request) {
        try {
            return request.apply(bearer());
        } catch (WebApplicationException e) {
            if (e.getResponse().getStatus() != 401) {
                throw e;
            }
            invalidate();
            return request.apply(bearer());
        }
    }

    private IllegalStateException unconfigured() {
        return new IllegalStateException(SECRET_KEY + " is not set: this service calls others with its own token, "
                + "issued by auth-service to client " + clientId);
    }
}
