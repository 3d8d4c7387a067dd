package io.switchboard.auth.user;

import java.util.UUID;

/** How to reach a user outside the app, for backends only (notification-service's e-mail channel). */
public record UserContact(UUID id, String username, String displayName, String email) {

    public static UserContact of(User user) {
        return new UserContact(user.id, user.username, user.displayName, user.email);
    }
}
