package io.switchboard.auth.user;

import java.util.UUID;

/** An account as anyone else sees it: no e-mail, no roles. */
public record PublicUser(UUID id, String username, String displayName) {

    public static PublicUser of(User user) {
        return new PublicUser(user.id, user.username, user.displayName);
    }
}
