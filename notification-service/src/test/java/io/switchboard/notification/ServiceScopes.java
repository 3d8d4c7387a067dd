package io.switchboard.notification;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The stubs' check of a service token's scope, as the real services make it: the scope among the
 * token's {@code groups}. The signature is the real services' business; the stubs only check that
 * this service asks with the scopes it is granted.
 */
final class ServiceScopes {

    private static final ObjectMapper JSON = new ObjectMapper();

    static boolean granted(String bearer, String scope) {
        if (bearer == null || !bearer.startsWith("Bearer ")) {
            return false;
        }
        try {
            var payload = bearer.substring(7).split("\\.")[1];
            var claims = JSON.readTree(new String(Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
            for (JsonNode group : claims.path("groups")) {
                if (group.asText().equals(scope)) {
                    return true;
                }
            }
            return false;
        } catch (RuntimeException | java.io.IOException e) {
            return false;
        }
    }

    private ServiceScopes() {
    }
}
