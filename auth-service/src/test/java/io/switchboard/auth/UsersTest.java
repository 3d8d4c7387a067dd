package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.notNullValue;
import static org.hamcrest.Matchers.nullValue;

import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class UsersTest {

    @Inject
    AgroalDataSource db;

    @Test
    void meAnswersTheCallersAccount() {
        var session = Accounts.newSession();
        given().auth().oauth2(session.getString("access_token"))
                .when().get("/api/users/me")
                .then().statusCode(200)
                .body("id", equalTo(session.getString("user.id")))
                .body("username", equalTo(session.getString("user.username")))
                .body("roles", contains("user"));
    }

    @Test
    void patchMeChangesOnlyTheFieldsGiven() {
        var session = Accounts.newSession();
        var token = session.getString("access_token");
        var email = UUID.randomUUID() + "@example.com";
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("display_name", "New Name", "email", email))
                .when().patch("/api/users/me")
                .then().statusCode(200).body("display_name", equalTo("New Name")).body("email", equalTo(email));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("display_name", "Newer Name"))
                .when().patch("/api/users/me")
                .then().statusCode(200).body("display_name", equalTo("Newer Name")).body("email", equalTo(email));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("email", ""))
                .when().patch("/api/users/me")
                .then().statusCode(200).body("email", nullValue());
        given().auth().oauth2(token).get("/api/users/me").then().body("display_name", equalTo("Newer Name"));
    }

    @Test
    void patchMeValidatesAndRefusesAnotherAccountsEmail() {
        var email = UUID.randomUUID() + "@example.com";
        var first = Accounts.newSession().getString("access_token");
        given().auth().oauth2(first).contentType(ContentType.JSON).body(Map.of("email", email))
                .patch("/api/users/me").then().statusCode(200);
        var second = Accounts.newSession().getString("access_token");
        given().auth().oauth2(second).contentType(ContentType.JSON).body(Map.of("email", email))
                .patch("/api/users/me").then().statusCode(409).body("code", equalTo("email_taken"));
        given().auth().oauth2(second).contentType(ContentType.JSON).body(Map.of("display_name", " "))
                .patch("/api/users/me").then().statusCode(400).body("errors[0].field", equalTo("display_name"));
        given().auth().oauth2(second).contentType(ContentType.JSON).body(Map.of("username", "renamed"))
                .patch("/api/users/me").then().statusCode(400).body("code", equalTo("unknown_field"));
    }

    @Test
    void changingThePasswordEndsOtherSessionsButNotThisOne() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var other = Accounts.login(username, Accounts.PASSWORD);
        var current = Accounts.login(username, Accounts.PASSWORD);

        given().auth().oauth2(current.getString("access_token")).contentType(ContentType.JSON)
                .body(Map.of("current_password", Accounts.PASSWORD, "new_password", "an entirely new one"))
                .when().post("/api/users/me/password")
                .then().statusCode(204);

        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", Accounts.PASSWORD))
                .post("/api/auth/login").then().statusCode(401);
        Accounts.login(username, "an entirely new one");
        refresh(other.getString("refresh_token")).then().statusCode(401);
        refresh(current.getString("refresh_token")).then().statusCode(200);
    }

    @Test
    void changingThePasswordNeedsTheCurrentOne() {
        var token = Accounts.newSession().getString("access_token");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", "not it", "new_password", "an entirely new one"))
                .when().post("/api/users/me/password")
                .then().statusCode(403).body("code", equalTo("wrong_password"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", Accounts.PASSWORD, "new_password", "short"))
                .when().post("/api/users/me/password")
                .then().statusCode(400).body("errors[0].field", equalTo("new_password"));
    }

    /** The current password cannot be guessed through a stolen access token: five tries, then 429. */
    @Test
    void guessingTheCurrentPasswordIsThrottledLikeALogin() throws Exception {
        var token = Accounts.newSession().getString("access_token");
        try {
            for (int i = 0; i < 5; i++) {
                given().auth().oauth2(token).contentType(ContentType.JSON)
                        .body(Map.of("current_password", "guess " + i, "new_password", "an entirely new one"))
                        .post("/api/users/me/password").then().statusCode(403);
            }
            given().auth().oauth2(token).contentType(ContentType.JSON)
                    .body(Map.of("current_password", Accounts.PASSWORD, "new_password", "an entirely new one"))
                    .post("/api/users/me/password").then().statusCode(429)
                    .body("code", equalTo("rate_limited")).header("Retry-After", notNullValue());
        } finally {
            Accounts.forgetLoginFailures(db); // the address's count is shared with every other test's logins
        }
    }

    @Test
    void anyoneSignedInCanSeeAnotherUsersPublicProfile() {
        var other = Accounts.newSession();
        var token = Accounts.newSession().getString("access_token");
        given().auth().oauth2(token)
                .when().get("/api/users/" + other.getString("user.id"))
                .then().statusCode(200)
                .body("username", equalTo(other.getString("user.username")))
                .body("email", nullValue())
                .body("roles", nullValue());
    }

    @Test
    void anUnknownOrMalformedUserIdIsNotFound() {
        var token = Accounts.newSession().getString("access_token");
        given().auth().oauth2(token).get("/api/users/" + UUID.randomUUID())
                .then().statusCode(404).body("code", equalTo("user_not_found"));
        given().auth().oauth2(token).get("/api/users/not-a-uuid")
                .then().statusCode(404).body("code", equalTo("user_not_found"));
    }

    @Test
    void theDirectoryFindsByUsernamePrefixAndDisplayName() {
        var prefix = "dir" + UUID.randomUUID().toString().substring(0, 6);
        for (int i = 0; i < 3; i++) {
            Accounts.register(prefix + i);
        }
        var token = Accounts.newSession().getString("access_token");
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("display_name", "Zed " + prefix.toUpperCase() + " Example"))
                .patch("/api/users/me").then().statusCode(200);

        given().auth().oauth2(token).queryParam("q", prefix).queryParam("limit", 10)
                .when().get("/api/users")
                .then().statusCode(200)
                .body("$", hasSize(4))
                .body("username", hasItem(prefix + "0"))
                .body("email", everyItem(nullValue()));
        given().auth().oauth2(token).queryParam("q", prefix).queryParam("limit", 2)
                .get("/api/users").then().body("$", hasSize(2));
        // '%' is no wildcard: it finds only names that hold one.
        given().auth().oauth2(token).queryParam("q", "%").get("/api/users").then().statusCode(200)
                .body("display_name", everyItem(containsString("%")));
    }

    @Test
    void theDirectoryMatchesUnderscorePercentBackslashAndBangAsThemselves() {
        var tag = UUID.randomUUID().toString().substring(0, 6);
        var underscored = "sb" + tag + "_au_x";
        Accounts.register(underscored);
        Accounts.register("sb" + tag + "xau_y"); // what '_' as a wildcard would also find
        var percent = Accounts.newSession().getString("access_token");
        var token = Accounts.newSession().getString("access_token");
        var backslash = Accounts.newSession().getString("access_token");
        given().auth().oauth2(percent).contentType(ContentType.JSON).body(Map.of("display_name", "Sale 10% " + tag))
                .patch("/api/users/me").then().statusCode(200);
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("display_name", "Sale 10x " + tag))
                .patch("/api/users/me").then().statusCode(200);
        given().auth().oauth2(backslash).contentType(ContentType.JSON).body(Map.of("display_name", "C:\\" + tag + "!"))
                .patch("/api/users/me").then().statusCode(200);

        given().auth().oauth2(token).queryParam("q", "sb" + tag + "_au").get("/api/users")
                .then().statusCode(200).body("username", contains(underscored));
        given().auth().oauth2(token).queryParam("q", "sb" + tag + "_").get("/api/users")
                .then().statusCode(200).body("username", contains(underscored));
        given().auth().oauth2(token).queryParam("q", "0% " + tag).get("/api/users")
                .then().statusCode(200).body("display_name", contains("Sale 10% " + tag));
        given().auth().oauth2(token).queryParam("q", ":\\" + tag + "!").get("/api/users")
                .then().statusCode(200).body("display_name", contains("C:\\" + tag + "!"));
    }

    @Test
    void controlCharactersInAccountFieldsAndSearchesAreRefusedByField() {
        var token = Accounts.newSession().getString("access_token");
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("display_name", "Ann\u001B[31m"))
                .patch("/api/users/me").then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", contains("display_name"));
        given().auth().oauth2(token).contentType(ContentType.JSON).body(Map.of("email", "ann\u0000@example.com"))
                .patch("/api/users/me").then().statusCode(400).body("errors.field", everyItem(equalTo("email")));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", Accounts.PASSWORD, "new_password", "a new one\u0000"))
                .post("/api/users/me/password").then().statusCode(400).body("errors.field", contains("new_password"));
        given().auth().oauth2(token).contentType(ContentType.JSON)
                .body(Map.of("current_password", Accounts.PASSWORD + "\u0000", "new_password", "a new one"))
                .post("/api/users/me/password").then().statusCode(400).body("errors.field", contains("current_password"));
        given().auth().oauth2(token).queryParam("q", "ann\u0000").get("/api/users")
                .then().statusCode(400).body("code", equalTo("validation_failed")).body("errors.field", contains("q"));
        given().auth().oauth2(token).queryParam("q", "ann\tx").get("/api/users")
                .then().statusCode(400).body("errors.field", contains("q"));
    }

    @Test
    void usernamesAreLookedUpExactlyAndCaseInsensitively() {
        var prefix = "men" + UUID.randomUUID().toString().substring(0, 6);
        var ann = Accounts.register(prefix + "ann").getString("id");
        Accounts.register(prefix + "annette");
        var bob = Accounts.register(prefix + "bob").getString("id");
        var token = Accounts.newSession().getString("access_token");
        given().auth().oauth2(token).queryParam("usernames", prefix.toUpperCase() + "ANN," + prefix + "bob,nobody" + prefix)
                .get("/api/users").then().statusCode(200)
                .body("id", containsInAnyOrder(ann, bob));
        given().auth().oauth2(token).queryParam("usernames", "a b").get("/api/users").then().statusCode(400)
                .body("errors[0].field", equalTo("usernames"));
    }

    @Test
    void theDirectoryBoundsItsLimit() {
        var token = Accounts.newSession().getString("access_token");
        given().auth().oauth2(token).queryParam("limit", 0).get("/api/users")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
        given().auth().oauth2(token).queryParam("limit", 101).get("/api/users")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void userEndpointsNeedAToken() {
        given().get("/api/users/me").then().statusCode(401)
                .contentType("application/problem+json").body("code", equalTo("unauthorized"));
        given().get("/api/users").then().statusCode(401);
    }

    private static io.restassured.response.Response refresh(String token) {
        return given().contentType(ContentType.JSON).body(Map.of("refresh_token", token)).post("/api/auth/refresh");
    }
}
