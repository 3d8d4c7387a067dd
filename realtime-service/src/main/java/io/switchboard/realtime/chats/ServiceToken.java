package io.switchboard.realtime.chats;

import jakarta.annotation.Priority;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.quarkus.runtime.StartupEvent;
import io.switchboard.platform.security.ServiceTokens;
import io.switchboard.realtime.config.RealtimeConfig;

/**
 * This instance's own access token (role {@code service}), from auth-service by client credentials.
 * Its client needs scope {@code memberships} (chat-service's {@code /api/memberships}), and no other.
 */
@ApplicationScoped
public class ServiceToken {

    private final RealtimeConfig.Auth config;
    private final ServiceTokens tokens;

    public ServiceToken(@RestClient AuthClient auth, RealtimeConfig config) {
        this.config = config.auth();
        this.tokens = new ServiceTokens(() -> {
            var token = auth.token(new AuthClient.ClientCredentials(this.config.clientId(),
                    this.config.clientSecret().orElseThrow()));
            return new ServiceTokens.Issued(token.accessToken(), token.expiresIn());
        });
    }

    /**
     * Refuses to start without a client secret: the router reads the members of chats it did not
     * follow from their start, and connects read users' chats, with this token.
     */
    void requireSecret(@Observes @Priority(5) StartupEvent startup) {
        if (config.clientSecret().isEmpty()) {
            throw new IllegalStateException("realtime.auth.client-secret (REALTIME_AUTH_CLIENT_SECRET) is not set: "
                    + "realtime-service asks chat-service for chat members with its own token, issued by auth-service "
                    + "to client " + config.clientId());
        }
    }

    /** {@code Bearer <token>}; throws when auth-service refuses or cannot be reached. */
    public String bearer() {
        return tokens.bearer();
    }

    /** Forgets the token (after a 401), so the next call gets a new one. */
    public void invalidate() {
        tokens.invalidate();
    }
}
