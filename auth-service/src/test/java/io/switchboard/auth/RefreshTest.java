package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

@QuarkusTest
class RefreshTest {

    @Inject
    AgroalDataSource db;

    @Test
    void refreshAnswersANewPairAndTheNewAccessTokenWorks() {
        var session = Accounts.newSession();
        var refreshed = refresh(session.getString("refresh_token")).statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("user.username", equalTo(session.getString("user.username")))
                .extract().jsonPath();
        assertThat(refreshed.getString("refresh_token")).isNotEqualTo(session.getString("refresh_token"));
        given().auth().oauth2(refreshed.getString("access_token"))
                .get("/api/users/me").then().statusCode(200);
    }

    @Test
    void presentingAUsedRefreshTokenRevokesTheWholeFamily() {
        var session = Accounts.newSession();
        var first = session.getString("refresh_token");
        var second = refresh(first).statusCode(200).extract().jsonPath().getString("refresh_token");

        refresh(first).statusCode(401).body("code", equalTo("refresh_token_reused"));
        // The thief's replay also ended the legitimate holder's session.
        refresh(second).statusCode(401).body("code", equalTo("invalid_refresh_token"));
    }

    @Test
    void otherSessionsSurviveAReuseInOneFamily() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var phone = Accounts.login(username, Accounts.PASSWORD).getString("refresh_token");
        var laptop = Accounts.login(username, Accounts.PASSWORD).getString("refresh_token");
        refresh(phone).statusCode(200);
        refresh(phone).statusCode(401);
        refresh(laptop).statusCode(200);
    }

    @Test
    void logoutEndsTheSession() {
        var session = Accounts.newSession();
        var token = session.getString("refresh_token");
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", token))
                .when().post("/api/auth/logout").then().statusCode(204);
        refresh(token).statusCode(401).body("code", equalTo("invalid_refresh_token"));
    }

    @Test
    void anExpiredRefreshTokenIsRefused() throws Exception {
        var session = Accounts.newSession();
        try (var c = db.getConnection();
             var s = c.prepareStatement("UPDATE refresh_tokens SET expires_at = now() - interval '1 second' WHERE user_id = ?")) {
            s.setObject(1, java.util.UUID.fromString(session.getString("user.id")));
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        refresh(session.getString("refresh_token")).statusCode(401).body("code", equalTo("invalid_refresh_token"));
    }

    @Test
    void logoutIsIdempotent() {
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", "never-issued"))
                .when().post("/api/auth/logout").then().statusCode(204);
    }

    @Test
    void anUnknownRefreshTokenIsRefused() {
        refresh("never-issued").statusCode(401)
                .contentType("application/problem+json")
                .header("WWW-Authenticate", equalTo("Bearer"))
                .body("code", equalTo("invalid_refresh_token"));
    }

    @Test
    void aMissingRefreshTokenIsAValidationError() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/auth/refresh").then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    private static ValidatableResponse refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", token))
                .when().post("/api/auth/refresh").then();
    }
}
