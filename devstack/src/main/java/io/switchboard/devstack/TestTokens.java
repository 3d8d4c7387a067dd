package io.switchboard.devstack;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/**
 * Access tokens for testing a service that verifies auth-service's tokens, without running
 * auth-service: an RS256 key of this test JVM, its JWKS in a file the service is pointed at
 * ({@link JwtTestResource}), and tokens shaped exactly like auth-service's.
 */
public final class TestTokens {

    public static final String ISSUER = "switchboard-auth";
    /**
     * Every service's audience, as contracts' {@code Audiences.ALL} lists them (devstack does not
     * depend on contracts; chat-service's {@code AudienceTest} checks the two agree). A user's token
     * names all of them, and each service accepts only tokens naming its own.
     */
    public static final List<String> AUDIENCES =
            List.of("switchboard-auth", "switchboard-chat", "switchboard-realtime", "switchboard-notification");
    private static final String KID = "test-key";

    private final KeyPair keys;
    private final Path jwksFile;

    private TestTokens() {
        try {
            var generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            keys = generator.generateKeyPair();
            jwksFile = Files.createTempFile("switchboard-test-jwks", ".json");
            jwksFile.toFile().deleteOnExit();
            Files.writeString(jwksFile, jwks());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    // One key per test JVM: the service under test and the tests must agree on it.
    private static final class Holder {
        static final TestTokens INSTANCE = new TestTokens();
    }

    public static TestTokens get() {
        return Holder.INSTANCE;
    }

    public Path jwksFile() {
        return jwksFile;
    }

    /** A 15-minute token for a user with the given roles (default: {@code user}). */
    public String token(UUID userId, String username, String... roles) {
        return sign(userId.toString(), username, roles.length == 0 ? new String[] {"user"} : roles,
                Instant.now(), Duration.ofMinutes(15));
    }

    /**
     * A 15-minute user token whose {@code aud} names these audiences instead of every service's: for
     * tests of which tokens a service accepts.
     */
    public String tokenFor(List<String> audience, UUID userId, String username) {
        return sign(userId.toString(), username, new String[] {"user"}, audience, "", Instant.now(), Duration.ofMinutes(15));
    }

    /** A 15-minute user token of session {@code sid} (its {@code sid} claim), as a login gives. */
    public String sessionToken(UUID userId, String username, String sid) {
        return sign(userId.toString(), username, new String[] {"user"}, ",\"sid\":\"" + sid + "\"", Instant.now(),
                Duration.ofMinutes(15));
    }

    /** A token that expires after {@code lifetime}, for expiry tests. */
    public String token(UUID userId, String username, Duration lifetime) {
        return sign(userId.toString(), username, new String[] {"user"}, Instant.now(), lifetime);
    }

    /**
     * A service token, as client credentials would give a backend granted these scopes (contracts'
     * {@code Scopes}): role {@code service} and the scopes in {@code groups}, and the scopes in the
     * {@code scope} claim. Without scopes it opens no service-only endpoint. Unlike auth-service's,
     * whose {@code aud} names only the services the scopes open, it names every service, so that a
     * test reaches the scope check of whichever service it calls; what auth-service names, and that
     * the services refuse the rest, auth-service's tests and e2e's {@code AccessMatrixTest} check.
     */
    public String serviceToken(String clientId, String... scopes) {
        var groups = new String[scopes.length + 1];
        groups[0] = "service";
        System.arraycopy(scopes, 0, groups, 1, scopes.length);
        var scope = scopes.length == 0 ? "" : ",\"scope\":\"" + String.join(" ", scopes) + "\"";
        return sign(clientId, clientId, groups, scope, Instant.now(), Duration.ofMinutes(15));
    }

    private String sign(String subject, String name, String[] roles, Instant issuedAt, Duration lifetime) {
        return sign(subject, name, roles, "", issuedAt, lifetime);
    }

    private String sign(String subject, String name, String[] roles, String extraClaims, Instant issuedAt, Duration lifetime) {
        return sign(subject, name, roles, AUDIENCES, extraClaims, issuedAt, lifetime);
    }

    /** {@code extraClaims}: more JSON members for the payload, each with its leading comma. */
    private String sign(String subject, String name, String[] roles, List<String> audience, String extraClaims,
                        Instant issuedAt, Duration lifetime) {
        var header = "{\"alg\":\"RS256\",\"typ\":\"JWT\",\"kid\":\"" + KID + "\"}";
        var groups = Arrays.stream(roles).map(r -> "\"" + r + "\"").collect(Collectors.joining(","));
        var aud = audience.stream().map(a -> "\"" + a + "\"").collect(Collectors.joining(",", "[", "]"));
        var payload = "{\"iss\":\"" + ISSUER + "\",\"aud\":" + aud + ",\"sub\":\"" + subject + "\",\"upn\":\"" + name
                + "\",\"preferred_username\":\"" + name + "\",\"groups\":[" + groups + "]" + extraClaims + ",\"jti\":\""
                + UUID.randomUUID() + "\",\"iat\":" + issuedAt.getEpochSecond() + ",\"exp\":"
                + issuedAt.plus(lifetime).getEpochSecond() + "}";
        var signingInput = b64(header.getBytes(StandardCharsets.UTF_8)) + "." + b64(payload.getBytes(StandardCharsets.UTF_8));
        try {
            var signature = Signature.getInstance("SHA256withRSA");
            signature.initSign(keys.getPrivate());
            signature.update(signingInput.getBytes(StandardCharsets.US_ASCII));
            return signingInput + "." + b64(signature.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private String jwks() {
        var publicKey = (RSAPublicKey) keys.getPublic();
        return "{\"keys\":[{\"kty\":\"RSA\",\"kid\":\"" + KID + "\",\"use\":\"sig\",\"alg\":\"RS256\",\"n\":\""
                + unsigned(publicKey.getModulus()) + "\",\"e\":\"" + unsigned(publicKey.getPublicExponent()) + "\"}]}";
    }

    /** What a service's test configuration needs to verify these tokens. */
    public Map<String, String> verificationConfig() {
        return Map.of("mp.jwt.verify.publickey.location", jwksFile.toUri().toString(),
                "mp.jwt.verify.issuer", ISSUER);
    }

    private static String unsigned(BigInteger value) {
        var bytes = value.toByteArray();
        if (bytes.length > 1 && bytes[0] == 0) {
            bytes = Arrays.copyOfRange(bytes, 1, bytes.length);
        }
        return b64(bytes);
    }

    private static String b64(byte[] bytes) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    /**
     * A stub's check of a service token's scope, as the real services make it: the scope among
     * the token's {@code groups}. The signature is the real services' business; a stub only checks
     * that the service under test asks with the scopes it is granted.
     */
    public static boolean grants(String bearer, String scope) {
        if (bearer == null || !bearer.startsWith("Bearer ")) {
            return false;
        }
        try {
            var payload = bearer.substring(7).split("\\.")[1];
            var claims = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(new String(java.util.Base64.getUrlDecoder().decode(payload), StandardCharsets.UTF_8));
            for (var group : claims.path("groups")) {
                if (group.asText().equals(scope)) {
                    return true;
                }
            }
            return false;
        } catch (IOException | RuntimeException e) {
            return false; // not a JWT: no scope
        }
    }
}
