package io.switchboard.contracts;

import java.util.List;

/**
 * What a backend's service token may do beyond being a {@code service}: an operator grants each
 * client its scopes in auth-service's {@code AUTH_CLIENTS}, and its tokens carry them as
 * {@code groups} entries (so an endpoint names the one it needs in {@code @RolesAllowed}) and as
 * the space-separated {@code scope} claim. A service token without an endpoint's scope gets 403.
 * <p>
 * Each scope opens endpoints of one service, named below; a backend's token names exactly those
 * services as its audience ({@link Audiences#OF_SCOPE}), and any other service refuses it with 401.
 * <p>
 * Only service tokens carry these: users' roles are {@link Roles}, and no role may take one of
 * these names.
 */
public final class Scopes {

    /** {@code POST /api/events} (notification-service): push events to users' sockets. */
    public static final String PUSH = "push";
    /** {@code POST /api/notifications} (notification-service): send notices, stored and pushed. */
    public static final String NOTICES = "notices";
    /** {@code POST /api/presence} (realtime-service): who is online, and when they were. */
    public static final String PRESENCE = "presence";
    /** {@code GET /api/users/{id}/contact} (auth-service): a user's e-mail address. */
    public static final String CONTACTS = "contacts";
    /** {@code /api/memberships} (chat-service): the members of any chat, the chats of any user. */
    public static final String MEMBERSHIPS = "memberships";

    /** Every scope, in the order a token's {@code scope} claim lists them. */
    public static final List<String> ALL = List.of(PUSH, NOTICES, PRESENCE, CONTACTS, MEMBERSHIPS);

    private Scopes() {
    }
}
