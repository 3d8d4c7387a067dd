package io.switchboard.platform.security;

import java.util.UUID;

import jakarta.enterprise.context.RequestScoped;

import org.eclipse.microprofile.jwt.JsonWebToken;

import io.switchboard.contracts.ErrorCodes;
import io.switchboard.contracts.Roles;
import io.switchboard.platform.http.ApiException;

/** The caller of a REST endpoint, from the verified access token: one definition for every service. */
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

    public boolean isAdmin() {
        return token.getGroups().contains(Roles.ADMIN);
    }

    /** The raw token, to call auth-service on the caller's behalf. */
    public String bearer() {
        return "Bearer " + token.getRawToken();
    }
}
