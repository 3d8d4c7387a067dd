package io.switchboard.notification.auth;

import java.util.Optional;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.switchboard.platform.security.ServiceTokens;
import io.switchboard.notification.config.NotificationConfig;

/**
 * This service's own access token (role {@code service}), from auth-service by client credentials;
 * kept until a minute before it expires. Its client needs scopes {@code presence}
 * (realtime-service's {@code /api/presence}), {@code memberships} (chat-service's
 * {@code /api/memberships}) and {@code contacts} (auth-service's {@code /api/users/{id}/contact}),
 * and no other.
 */
@ApplicationScoped
public class ServiceToken {

    private final NotificationConfig config;
    private final ServiceTokens tokens;

    public ServiceToken(@RestClient AuthClient auth, NotificationConfig config) {
        this.config = config;
        this.tokens = new ServiceTokens(() -> {
            var token = auth.token(new AuthClient.ClientCredentials(config.auth().clientId(),
                    config.auth().clientSecret().orElseThrow()));
            return new ServiceTokens.Issued(token.accessToken(), token.expiresIn());
        });
    }

    /** {@code Bearer <token>}, or empty when no client secret is configured. Throws when auth-service fails. */
    public Optional<String> bearer() {
        return config.auth().clientSecret().isEmpty() ? Optional.empty() : Optional.of(tokens.bearer());
    }

    /** Forgets the token (after a 401), so the next call gets a new one. */
    public void invalidate() {
        tokens.invalidate();
    }
}
