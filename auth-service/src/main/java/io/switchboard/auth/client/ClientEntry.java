package io.switchboard.auth.client;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;

import io.switchboard.contracts.Scopes;

/**
 * One backend of {@code auth.clients}: {@code id:secret} (no scopes) or
 * {@code id:secret:scope+scope}. A secret therefore holds no {@code :} (nor {@code ,}, which
 * separates entries). A malformed entry or an unknown scope is refused when auth-service starts:
 * a typo must not quietly leave a backend without what it needs, or with more. Messages never
 * repeat the secret.
 */
record ClientEntry(String id, byte[] secret, List<String> scopes) {

    static ClientEntry parse(String entry) {
        var parts = entry.strip().split(":", -1);
        if (parts.length < 2 || parts.length > 3 || parts[0].isBlank() || parts[1].isBlank()) {
            var named = parts[0].isBlank() ? "" : " (client '" + parts[0].strip() + "')";
            throw new IllegalStateException("auth.clients (AUTH_CLIENTS): an entry" + named
                    + " is not id:secret or id:secret:scope+scope; secrets must not contain ':' or ','");
        }
        var id = parts[0].strip();
        var scopes = parts.length == 3 ? scopes(id, parts[2].strip()) : List.<String>of();
        return new ClientEntry(id, parts[1].strip().getBytes(StandardCharsets.UTF_8), scopes);
    }

    /** The granted scopes, in the order of {@link Scopes#ALL}: a token's claim does not depend on how they were written. */
    private static List<String> scopes(String id, String granted) {
        if (granted.isEmpty()) {
            return List.of();
        }
        var scopes = new HashSet<String>();
        for (var scope : granted.split("\\+", -1)) {
            if (!Scopes.ALL.contains(scope.strip())) {
                // a secret with a ':' in it reads as secret:scopes here: name the scope only if it looks like one
                var named = scope.isBlank() ? "an empty scope (a '+' too many)"
                        : scope.strip().matches("[a-z_-]{1,32}") ? "unknown scope '" + scope.strip() + "'"
                        : "a scope list that is not one (a secret must not contain ':')";
                throw new IllegalStateException("auth.clients (AUTH_CLIENTS): client '" + id + "' is granted " + named
                        + "; the scopes are " + String.join(", ", Scopes.ALL) + ", joined with '+' as in id:secret:push+notices");
            }
            scopes.add(scope.strip());
        }
        return Scopes.ALL.stream().filter(scopes::contains).toList();
    }

    @Override
    public String toString() {
        return "ClientEntry[" + id + ", scopes=" + scopes + "]"; // never the secret
    }
}
