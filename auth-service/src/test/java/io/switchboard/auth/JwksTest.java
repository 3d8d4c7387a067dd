package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Another service can verify auth-service's tokens with nothing but the published JWKS: this
 * test checks a token's RS256 signature with the JDK alone, using only what /.well-known/jwks.json says.
 */
@QuarkusTest
class JwksTest {

    @Test
    void anIssuedTokenVerifiesWithThePublishedKeyNamedByItsKid() throws Exception {
        var token = Accounts.newSession().getString("access_token");
        var parts = token.split("\\.");
        var header = new ObjectMapper().readValue(Base64.getUrlDecoder().decode(parts[0]), Map.class);
        assertThat(header).containsEntry("alg", "RS256").containsKey("kid");

        var response = given().when().get("/.well-known/jwks.json").then().statusCode(200)
                .header("Cache-Control", "max-age=300")
                .extract();
        List<Map<String, String>> keys = response.jsonPath().getList("keys");
        var jwk = keys.stream().filter(k -> k.get("kid").equals(header.get("kid"))).findFirst().orElseThrow();
        assertThat(jwk).containsEntry("kty", "RSA").containsEntry("alg", "RS256").containsEntry("use", "sig")
                .doesNotContainKeys("d", "p", "q", "dp", "dq", "qi");

        var verifier = Signature.getInstance("SHA256withRSA");
        verifier.initVerify(publicKey(jwk));
        verifier.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(verifier.verify(Base64.getUrlDecoder().decode(parts[2]))).isTrue();
    }

    private static PublicKey publicKey(Map<String, String> jwk) throws Exception {
        var n = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("n")));
        var e = new BigInteger(1, Base64.getUrlDecoder().decode(jwk.get("e")));
        return KeyFactory.getInstance("RSA").generatePublic(new RSAPublicKeySpec(n, e));
    }
}
