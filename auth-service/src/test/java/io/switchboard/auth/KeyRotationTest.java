package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.smallrye.jwt.build.Jwt;

/**
 * Mid-rotation: the folder holds the old key and the new one, and the new one is active.
 * Tokens the old key signed before the switch must keep working until they expire.
 */
@QuarkusTest
@TestProfile(KeyRotationTest.MidRotation.class)
class KeyRotationTest {

    public static class MidRotation implements QuarkusTestProfile {
        static final Path DIR = KeyFiles.folderWith("2026-old", "2026-new");

        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.keys.dir", DIR.toString(), "auth.keys.active-kid", "2026-new",
                    "auth.keys.generate", "false");
        }
    }

    @Test
    void bothKeysArePublished() {
        given().get("/.well-known/jwks.json").then().statusCode(200)
                .body("keys.kid", containsInAnyOrder("2026-old", "2026-new"));
    }

    @Test
    void newTokensAreSignedWithTheNewKey() {
        var token = Accounts.newSession().getString("access_token");
        var header = new String(Base64.getUrlDecoder().decode(token.split("\\.")[0]));
        assertThat(header).contains("\"kid\":\"2026-new\"");
    }

    @Test
    void tokensSignedWithTheOldKeyStillVerify() throws Exception {
        var session = Accounts.newSession();
        var oldKey = KeyFactory.getInstance("RSA").generatePrivate(new PKCS8EncodedKeySpec(
                KeyFiles.der(MidRotation.DIR.resolve("2026-old.pem"))));
        var token = Jwt.issuer("switchboard-auth").audience("switchboard-auth").subject(session.getString("user.id"))
                .upn(session.getString("user.username")).groups(Set.of("user"))
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(300))
                .jws().keyId("2026-old").sign(oldKey);
        given().auth().oauth2(token).get("/api/users/me").then().statusCode(200);
    }

    /** Writes key files the way an operator would (openssl genpkey ... -algorithm RSA). */
    static final class KeyFiles {
        static Path folderWith(String... kids) {
            try {
                var dir = Files.createTempDirectory("rotation-keys");
                for (String kid : kids) {
                    var generator = java.security.KeyPairGenerator.getInstance("RSA");
                    generator.initialize(2048);
                    var der = generator.generateKeyPair().getPrivate().getEncoded();
                    Files.writeString(dir.resolve(kid + ".pem"), "-----BEGIN PRIVATE KEY-----\n"
                            + Base64.getMimeEncoder().encodeToString(der) + "\n-----END PRIVATE KEY-----\n");
                }
                return dir;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (java.security.GeneralSecurityException e) {
                throw new IllegalStateException(e);
            }
        }

        static byte[] der(Path pem) throws IOException {
            return Base64.getMimeDecoder().decode(Files.readString(pem)
                    .replaceAll("-----(BEGIN|END) PRIVATE KEY-----", ""));
        }
    }
}
