package io.switchboard.realtime.chats;

import java.time.Instant;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.switchboard.realtime.config.RealtimeConfig;

/**
 * This instance's own access token (role {@code service}), from auth-service by client
 * credentials; kept until a minute before it expires, or until a call is refused with it.
 */
@ApplicationScoped
public class ServiceToken {

    private final AuthClient auth;
    private final RealtimeConfig.Auth config;
    private String bearer;
    private Instant renewAt = Instant.MIN;

    public ServiceToken(@RestClient AuthClient auth, RealtimeConfig config) {
        this.auth = auth;
        this.config = config.auth();
    }

    /** Whether a client secret is configured: without one there is no service token. */
    public boolean configured() {
        return config.clientSecret().isPresent();
    }

    /** {@code Bearer <token>}; throws when auth-service refuses or cannot be reached. */
    public synchronized String bearer() {
        if (Instant.now().isAfter(renewAt)) {
            var token = auth.token(new AuthClient.ClientCredentials(config.clientId(), config.clientSecret().orElseThrow()));
            bearer = "Bearer " + token.accessToken();
            renewAt = Instant.now().plusSeconds(Math.max(0, token.expiresIn() - 60));
        }
        return bearer;
    }

    /** Forgets the token (after a 401), so the next call gets a new one. */
    public synchronized void invalidate() {
        renewAt = Instant.MIN;
    }
}
