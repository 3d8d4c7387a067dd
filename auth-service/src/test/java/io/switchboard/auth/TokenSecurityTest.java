package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.nio.charset.StandardCharsets;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.build.Jwt;
import io.smallrye.jwt.build.JwtClaimsBuilder;
import io.switchboard.auth.keys.SigningKeys;
import io.switchboard.contracts.Audiences;

/** A protected endpoint accepts only unexpired tokens that auth-service itself signed. */
@QuarkusTest
class TokenSecurityTest {

    @Inject
    SigningKeys keys;

    @Test
    void aTokenSignedWithTheServiceKeyIsAccepted() {
        var session = Accounts.newSession();
        call(sign(claims(session.getString("user.id"), session.getString("user.username"))))
                .statusCode(200);
    }

    @Test
    void anExpiredTokenIsRefused() {
        var session = Accounts.newSession();
        var claims = claims(session.getString("user.id"), session.getString("user.username"))
                .issuedAt(Instant.now().minusSeconds(3600)).expiresAt(Instant.now().minusSeconds(60));
        call(sign(claims)).statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void aTokenFromAnotherIssuerIsRefused() {
        var session = Accounts.newSession();
        var claims = claims(session.getString("user.id"), session.getString("user.username")).issuer("someone-else");
        call(sign(claims)).statusCode(401);
    }

    /** A user's token, from a login and from a refresh alike, is meant for every service: its {@code aud} names all four. */
    @Test
    void aUsersTokenNamesEveryService() throws Exception {
        var session = Accounts.newSession();
        var all = List.of("switchboard-auth", "switchboard-chat", "switchboard-realtime", "switchboard-notification");
        assertThat(ClientCredentialsTest.audience(session.getString("access_token"))).containsExactlyElementsOf(all);
        var refreshed = given().contentType(ContentType.JSON).body(Map.of("refresh_token", session.getString("refresh_token")))
                .post("/api/auth/refresh").then().statusCode(200).extract().jsonPath().getString("access_token");
        assertThat(ClientCredentialsTest.audience(refreshed)).containsExactlyElementsOf(all);
    }

    /**
     * auth-service accepts a token that names its audience, alone or among others; one meant only
     * for other services, one with the single audience {@code switchboard} tokens carried before
     * audiences per service, one for another application, and one for none are refused.
     */
    @Test
    void onlyTokensNamingAuthServiceAreAccepted() {
        var session = Accounts.newSession();
        String id = session.getString("user.id");
        String name = session.getString("user.username");
        call(sign(claims(id, name).audience("switchboard-auth"))).statusCode(200);
        call(sign(claims(id, name).audience(Set.of("switchboard-chat", "switchboard-auth")))).statusCode(200);
        call(sign(claims(id, name).audience(Set.of("switchboard-chat", "switchboard-realtime", "switchboard-notification"))))
                .statusCode(401).body("code", equalTo("unauthorized"));
        call(sign(claims(id, name).audience("switchboard"))).statusCode(401);
        call(sign(claims(id, name).audience("another-app"))).statusCode(401);
        call(sign(claims(id, name).remove("aud"))).statusCode(401);
    }

    @Test
    void aForgedTokenSignedWithAnotherKeyIsRefused() throws Exception {
        var session = Accounts.newSession();
        var generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        var forged = claims(session.getString("user.id"), session.getString("user.username"))
                .jws().keyId(keys.active().kid()).sign(generator.generateKeyPair().getPrivate());
        call(forged).statusCode(401);
    }

    @Test
    void anUnsignedAlgNoneTokenIsRefused() {
        var session = Accounts.newSession();
        var header = b64("{\"alg\":\"none\",\"typ\":\"JWT\"}");
        var payload = b64("{\"iss\":\"switchboard-auth\",\"sub\":\"" + session.getString("user.id")
                + "\",\"upn\":\"" + session.getString("user.username") + "\",\"groups\":[\"user\",\"admin\"],"
                + "\"iat\":" + Instant.now().getEpochSecond() + ",\"exp\":" + (Instant.now().getEpochSecond() + 600) + "}");
        call(header + "." + payload + ".").statusCode(401);
    }

    @Test
    void aTamperedPayloadIsRefused() {
        var session = Accounts.newSession();
        var parts = session.getString("access_token").split("\\.");
        var payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8)
                .replace("\"groups\":[\"user\"]", "\"groups\":[\"user\",\"admin\"]");
        call(parts[0] + "." + b64(payload) + "." + parts[2]).statusCode(401);
    }

    @Test
    void garbageIsRefused() {
        call("not-a-jwt").statusCode(401).body("code", equalTo("unauthorized"));
    }

    private static JwtClaimsBuilder claims(String subject, String username) {
        return Jwt.issuer("switchboard-auth").audience(new LinkedHashSet<>(Audiences.ALL)).subject(subject).upn(username).groups(Set.of("user"))
                .claim("jti", UUID.randomUUID().toString())
                .issuedAt(Instant.now()).expiresAt(Instant.now().plusSeconds(600));
    }

    private String sign(JwtClaimsBuilder claims) {
        return claims.jws().keyId(keys.active().kid()).sign(keys.active().privateKey());
    }

    private static io.restassured.response.ValidatableResponse call(String token) {
        return given().header("Authorization", "Bearer " + token).when().get("/api/users/me").then();
    }

    private static String b64(String json) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(json.getBytes(StandardCharsets.UTF_8));
    }
}
