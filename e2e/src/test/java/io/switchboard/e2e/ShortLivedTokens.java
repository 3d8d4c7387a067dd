package io.switchboard.e2e;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.switchboard.contracts.Audiences;
import io.switchboard.contracts.Roles;

/**
 * Access tokens signed as auth-service would sign them, with its own key: ones that expire in
 * seconds (the stack's auth-service issues 15-minute ones), for tests of what happens when a
 * token runs out while a socket is open, and ones of any role and scope, for the access matrix.
 */
final class ShortLivedTokens {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private ShortLivedTokens() {
    }

    /** A user's access token, signed with the first key in {@code keys}, expiring after {@code life}. */
    static String user(Path keys, String userId, String username, Duration life) {
        return signed(keys, userId, username, List.of(Roles.USER), life);
    }

    /**
     * A token with these {@code groups} (roles, and for a backend its scopes, which also go into
     * the {@code scope} claim as auth-service writes them), signed like {@link #user}. Its
     * {@code aud} is auth-service's too: every service for a user, the services its scopes open for
     * a backend ({@link Audiences#forScopes}).
     */
    static String signed(Path keys, String subject, String name, List<String> groups, Duration life) {
        var audience = groups.contains(Roles.SERVICE)
                ? Audiences.forScopes(groups.stream().filter(g -> !g.equals(Roles.SERVICE)).toList())
                : Audiences.ALL;
        return signed(keys, subject, name, groups, life, audience);
    }

    /**
     * As {@link #signed(Path, String, String, List, Duration)}, for another audience ({@code aud}): a
     * string, as tokens carried it before each service had its own, or a list.
     */
    static String signed(Path keys, String subject, String name, List<String> groups, Duration life, Object audience) {
        try (var pems = Files.list(keys)) {
            var pem = pems.filter(p -> p.getFileName().toString().endsWith(".pem")).sorted().findFirst()
                    .orElseThrow(() -> new IllegalStateException("no signing key in " + keys));
            var kid = pem.getFileName().toString().replaceFirst("\\.pem$", "");
            var der = Base64.getMimeDecoder().decode(Files.readString(pem)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""));
            var key = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(der));
            var now = Instant.now();
            var header = Map.of("alg", "RS256", "typ", "JWT", "kid", kid);
            var claims = new java.util.LinkedHashMap<String, Object>(Map.of("iss", "switchboard-auth", "aud", audience, "sub", subject,
                    "upn", name, "preferred_username", name, "groups", groups,
                    "jti", UUID.randomUUID().toString(), "iat", now.getEpochSecond(),
                    "exp", now.plus(life).getEpochSecond()));
            if (groups.contains(Roles.SERVICE)) {
                claims.put("scope", String.join(" ", groups.stream().filter(g -> !g.equals(Roles.SERVICE)).toList()));
            }
            var signingInput = URL.encodeToString(JSON.writeValueAsBytes(header)) + "."
                    + URL.encodeToString(JSON.writeValueAsBytes(claims));
            var signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(key);
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + URL.encodeToString(signature.sign());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
