package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import jakarta.inject.Inject;

import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.JWTParser;
import io.switchboard.contracts.Audiences;

@QuarkusTest
class ClientCredentialsTest {

    @Inject
    JWTParser jwt;

    @Inject
    JWTAuthContextInfo verification;

    @Inject
    AgroalDataSource db;

    @BeforeEach
    @AfterEach
    void forgetFailures() throws Exception {
        Accounts.forgetLoginFailures(db);
    }

    @Test
    void aConfiguredBackendGetsAServiceToken() throws Exception {
        var token = given().contentType(ContentType.JSON)
                .body(Map.of("client_id", "test-backend", "client_secret", "test-secret"))
                .when().post("/api/auth/token")
                .then().statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .extract().jsonPath().getString("access_token");
        var parsed = jwt.parse(token);
        assertThat(parsed.getGroups()).containsExactly("service");
        assertThat(parsed.containsClaim("scope")).as("no scope granted, no scope claim").isFalse();
        assertThat(parsed.getSubject()).isEqualTo("test-backend");
    }

    /** test-pusher is granted notices+push: its tokens carry those two, in the scopes' own order, and no other. */
    @Test
    void aTokenCarriesExactlyTheScopesItsClientIsGranted() throws Exception {
        var parsed = verified(serviceToken("test-pusher", "test-pusher-secret"));
        assertThat(parsed.getGroups()).containsExactlyInAnyOrder("service", "push", "notices");
        assertThat(parsed.<String>getClaim("scope")).isEqualTo("push notices");

        var mailer = verified(serviceToken("test-mailer", "test-mailer-secret"));
        assertThat(mailer.getGroups()).containsExactlyInAnyOrder("service", "contacts");
        assertThat(mailer.<String>getClaim("scope")).isEqualTo("contacts");
    }

    /**
     * A backend's token is meant only for the services its scopes open: test-pusher's (push and
     * notices) for notification-service alone, test-mailer's (contacts) for auth-service alone, and
     * test-backend's (no scope) for auth-service, whose public profiles are all it opens.
     */
    @Test
    void aBackendsTokenNamesOnlyTheServicesItsScopesOpen() throws Exception {
        assertThat(audience(serviceToken("test-pusher", "test-pusher-secret"))).containsExactly("switchboard-notification");
        assertThat(audience(serviceToken("test-mailer", "test-mailer-secret"))).containsExactly("switchboard-auth");
        assertThat(audience(serviceToken("test-backend", "test-secret"))).containsExactly("switchboard-auth");
    }

    /** auth-service is not among the pusher's audiences: its token is refused here, even where any service token passes. */
    @Test
    void aTokenNotMeantForAuthServiceIsRefusedHere() {
        var user = Accounts.newSession().getString("user.id");
        given().auth().oauth2(serviceToken("test-pusher", "test-pusher-secret")).get("/api/users/" + user).then()
                .statusCode(401).body("code", equalTo("unauthorized"));
        given().auth().oauth2(serviceToken("test-backend", "test-secret")).get("/api/users/" + user).then()
                .statusCode(200);
    }

    /** The {@code aud} claim as auth-service wrote it, in its order (an array, or one string for one audience). */
    static List<String> audience(String token) throws Exception {
        var aud = new ObjectMapper().readTree(Base64.getUrlDecoder().decode(token.split("\\.")[1])).get("aud");
        assertThat(aud).as("aud").isNotNull();
        if (aud.isTextual()) {
            return List.of(aud.asText());
        }
        var audience = new java.util.ArrayList<String>();
        aud.forEach(a -> audience.add(a.asText()));
        return audience;
    }

    /** A token verified as auth-service verifies its own, but meant for any of the services (this one need not be among them). */
    private JsonWebToken verified(String token) throws Exception {
        var anyService = new JWTAuthContextInfo(verification);
        anyService.setExpectedAudience(Set.copyOf(Audiences.ALL));
        return jwt.parse(token, anyService);
    }

    @Test
    void aServiceTokenReadsUsersButHasNoAccountOfItsOwn() {
        var user = Accounts.newSession();
        var token = given().contentType(ContentType.JSON)
                .body(Map.of("client_id", "test-backend", "client_secret", "test-secret"))
                .post("/api/auth/token").then().extract().jsonPath().getString("access_token");
        given().auth().oauth2(token).get("/api/users/" + user.getString("user.id")).then().statusCode(200);
        given().auth().oauth2(token).get("/api/users/me").then().statusCode(403).body("code", equalTo("forbidden"));
    }

    @Test
    void onlyAServiceTokenSeesAUsersEmailAddress() {
        var username = Accounts.newUsername();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", Accounts.PASSWORD, "email", username + "@example.com"))
                .post("/api/auth/register").then().statusCode(201);
        var user = Accounts.login(username, Accounts.PASSWORD);
        var id = user.getString("user.id");
        var service = serviceToken("test-mailer", "test-mailer-secret");

        given().auth().oauth2(service).get("/api/users/" + id + "/contact").then().statusCode(200)
                .body("id", equalTo(id)).body("username", equalTo(username))
                .body("email", equalTo(username + "@example.com"));
        given().auth().oauth2(service).get("/api/users/" + id).then().statusCode(200)
                .body("email", nullValue());
        given().auth().oauth2(user.getString("access_token")).get("/api/users/" + id + "/contact").then()
                .statusCode(403).body("code", equalTo("forbidden"));
        given().auth().oauth2(serviceToken("test-backend", "test-secret")).get("/api/users/" + id + "/contact").then()
                .statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"))
                .body("email", nullValue());
        // the pusher's token is not even meant for auth-service
        given().auth().oauth2(serviceToken("test-pusher", "test-pusher-secret")).get("/api/users/" + id + "/contact").then()
                .statusCode(401).contentType("application/problem+json").body("code", equalTo("unauthorized"))
                .body("email", nullValue());
        given().get("/api/users/" + id + "/contact").then().statusCode(401);
        given().auth().oauth2(service).get("/api/users/" + UUID.randomUUID() + "/contact").then()
                .statusCode(404).body("code", equalTo("user_not_found"));
        given().auth().oauth2(service).get("/api/users/not-an-id/contact").then()
                .statusCode(404).body("code", equalTo("user_not_found"));
    }

    private static String serviceToken(String clientId, String secret) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("client_id", clientId, "client_secret", secret))
                .post("/api/auth/token").then().statusCode(200).extract().jsonPath().getString("access_token");
    }

    @Test
    void aWrongSecretOrUnknownClientIsRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("client_id", "test-backend", "client_secret", "wrong"))
                .post("/api/auth/token").then().statusCode(401).body("code", equalTo("invalid_client"));
        given().contentType(ContentType.JSON)
                .body(Map.of("client_id", "nobody", "client_secret", "test-secret"))
                .post("/api/auth/token").then().statusCode(401).body("code", equalTo("invalid_client"));
    }

    @Test
    void controlCharactersInClientCredentialsAreRefusedByField() {
        given().contentType(ContentType.JSON)
                .body(Map.of("client_id", "test-backend\u0000", "client_secret", "test-secret"))
                .post("/api/auth/token").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", contains("client_id"));
        given().contentType(ContentType.JSON)
                .body(Map.of("client_id", "test-backend", "client_secret", "test-secret\u0000"))
                .post("/api/auth/token").then().statusCode(400).body("errors.field", contains("client_secret"));
    }

    @Test
    void guessingSecretsIsThrottled() {
        for (int i = 0; i < 5; i++) {
            given().contentType(ContentType.JSON)
                    .body(Map.of("client_id", "test-backend", "client_secret", "guess-" + i))
                    .post("/api/auth/token").then().statusCode(401);
        }
        given().contentType(ContentType.JSON)
                .body(Map.of("client_id", "test-backend", "client_secret", "test-secret"))
                .post("/api/auth/token").then().statusCode(429).body("code", equalTo("rate_limited"));
    }

    @Test
    void aUserTokenCannotBeHadThisWay() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "x", "password", "y"))
                .post("/api/auth/token").then().statusCode(400).body("code", equalTo("unknown_field"));
    }
}
