package io.switchboard.contracts;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The {@code aud} of access tokens: one audience per service, and each service accepts only a
 * token that names its own ({@code mp.jwt.verify.audiences}), so a token is presented only where
 * it was meant to go. A user's token names all four services; a backend's names the services its
 * {@link Scopes} open ({@link #forScopes}).
 */
public final class Audiences {

    public static final String AUTH = "switchboard-auth";
    public static final String CHAT = "switchboard-chat";
    public static final String REALTIME = "switchboard-realtime";
    public static final String NOTIFICATION = "switchboard-notification";

    /** Every service's audience: what a user's token names. */
    public static final List<String> ALL = List.of(AUTH, CHAT, REALTIME, NOTIFICATION);

    /** The service whose endpoint each scope opens (the scopes' own documentation names it too). */
    public static final Map<String, String> OF_SCOPE = Map.of(
            Scopes.PUSH, NOTIFICATION,
            Scopes.NOTICES, NOTIFICATION,
            Scopes.PRESENCE, REALTIME,
            Scopes.CONTACTS, AUTH,
            Scopes.MEMBERSHIPS, CHAT);

    private Audiences() {
    }

    /**
     * The audiences of a backend's token granted these scopes: the service of each, once, in
     * {@link #ALL}'s order. A backend with no scope gets auth-service alone: what its token opens
     * is auth-service's public profiles ({@code GET /api/users/{id}}, {@code GET /api/users?q=}),
     * which take any {@code service} token.
     *
     * @throws IllegalArgumentException for a scope that is not one of {@link Scopes#ALL}
     */
    public static List<String> forScopes(Collection<String> scopes) {
        if (scopes.isEmpty()) {
            return List.of(AUTH);
        }
        for (var scope : scopes) {
            if (!OF_SCOPE.containsKey(scope)) {
                throw new IllegalArgumentException("unknown scope: " + scope);
            }
        }
        return ALL.stream().filter(audience -> scopes.stream().anyMatch(s -> OF_SCOPE.get(s).equals(audience))).toList();
    }
}
