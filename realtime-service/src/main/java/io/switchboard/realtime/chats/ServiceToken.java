package io.switchboard.realtime.chats;

import jakarta.enterprise.context.ApplicationScoped;

import org.eclipse.microprofile.rest.client.inject.RestClient;

import io.switchboard.contracts.security.ServiceTokens;
import io.switchboard.realtime.config.RealtimeConfig;

/** This instance's own access token (role {@code service}), from auth-service by client credentials. */
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

    /** Whether a client secret is configured: without one there is no service token. */
    public boolean configured() {
        return config.clientSecret().isPresent();
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
