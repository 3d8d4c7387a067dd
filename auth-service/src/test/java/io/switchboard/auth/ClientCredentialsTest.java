package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.nullValue;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.smallrye.jwt.auth.principal.JWTParser;

@QuarkusTest
class ClientCredentialsTest {

    @Inject
    JWTParser jwt;

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
        var parsed = jwt.parse(serviceToken("test-pusher", "test-pusher-secret"));
        assertThat(parsed.getGroups()).containsExactlyInAnyOrder("service", "push", "notices");
        assertThat(parsed.<String>getClaim("scope")).isEqualTo("push notices");

        var mailer = jwt.parse(serviceToken("test-mailer", "test-mailer-secret"));
        assertThat(mailer.getGroups()).containsExactlyInAnyOrder("service", "contacts");
        assertThat(mailer.<String>getClaim("scope")).isEqualTo("contacts");
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
        for (var unscoped : List.of(serviceToken("test-backend", "test-secret"), serviceToken("test-pusher", "test-pusher-secret"))) {
            given().auth().oauth2(unscoped).get("/api/users/" + id + "/contact").then()
                    .statusCode(403).contentType("application/problem+json").body("code", equalTo("forbidden"))
                    .body("email", nullValue());
        }
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
