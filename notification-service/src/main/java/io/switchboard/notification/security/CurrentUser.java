package io.switchboard.notification.security;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.platform.http.ApiException;

/**
 * The caller, from the verified access token. Each service keeps its own (chat-service's also
 * forwards the token): a dozen lines are not worth a JWT dependency in contracts.
 */
@RequestScoped
public class CurrentUser {

    private final JsonWebToken token;

    public CurrentUser(JsonWebToken token) {
        this.token = token;
    }

    public UUID id() {
        try {
            return UUID.fromString(token.getSubject());
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ApiException(403, ErrorCodes.FORBIDDEN, "This token does not belong to a user.");
        }
    }
}
