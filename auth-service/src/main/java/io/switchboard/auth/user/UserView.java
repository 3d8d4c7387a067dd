package io.switchboard.auth.user;

import java.time.Instant;
import java.util.Set;
import java.util.UUID;

/** An account as its owner sees it. */
public record UserView(UUID id, String username, String displayName, String email, Set<String> roles,
                       Instant createdAt) {

    public static UserView of(User user) {
        return new UserView(user.id, user.username, user.displayName, user.email, user.roleSet(), user.createdAt);
    }
}
