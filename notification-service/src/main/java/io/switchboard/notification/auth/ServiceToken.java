package io.switchboard.notification.auth;

import java.time.Instant;
import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.switchboard.notification.config.NotificationConfig;

/**
 * This service's own access token (role {@code service}), from auth-service by client credentials;
 * kept until a minute before it expires.
 */
@ApplicationScoped
public class ServiceToken {

    private final AuthClient auth;
    private final NotificationConfig config;
    private String bearer;
    private Instant renewAt = Instant.MIN;

    public ServiceToken(@RestClient AuthClient auth, NotificationConfig config) {
        this.auth = auth;
        this.config = config;
    }

    /** {@code Bearer <token>}, or empty when no client secret is configured. Throws when auth-service fails. */
    public synchronized Optional<String> bearer() {
        var secret = config.auth().clientSecret();
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        if (Instant.now().isAfter(renewAt)) {
            var token = auth.token(new AuthClient.ClientCredentials(config.auth().clientId(), secret.get()));
            bearer = "Bearer " + token.accessToken();
            renewAt = Instant.now().plusSeconds(Math.max(0, token.expiresIn() - 60));
        }
        return Optional.of(bearer);
    }

    /** Forgets the token (after a 401), so the next call gets a new one. */
    public synchronized void invalidate() {
        renewAt = Instant.MIN;
    }
}
