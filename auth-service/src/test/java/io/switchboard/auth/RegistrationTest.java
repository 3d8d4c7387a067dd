package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.everyItem;
import static org.hamcrest.Matchers.hasItem;
import static org.hamcrest.Matchers.matchesPattern;
import static org.hamcrest.Matchers.nullValue;

import java.util.ArrayList;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;

@QuarkusTest
class RegistrationTest {

    @Test
    void registerCreatesAUserWithTheUserRole() {
        var username = Accounts.newUsername();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", Accounts.PASSWORD, "display_name", "Ann Example",
                        "email", username + "@example.com"))
                .when().post("/api/auth/register")
                .then().statusCode(201)
                .body("id", matchesPattern("[0-9a-f-]{36}"))
                .body("username", equalTo(username))
                .body("display_name", equalTo("Ann Example"))
                .body("email", equalTo(username + "@example.com"))
                .body("roles", containsInAnyOrder("user"))
                .body("created_at", matchesPattern("\\d{4}-\\d\\d-\\d\\dT.*Z"))
                .body("password", nullValue())
                .body("password_hash", nullValue());
    }

    @Test
    void displayNameDefaultsToTheUsername() {
        var username = Accounts.newUsername();
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", Accounts.PASSWORD))
                .post("/api/auth/register")
                .then().statusCode(201).body("display_name", equalTo(username)).body("email", nullValue());
    }

    @Test
    void usernamesAreUniqueRegardlessOfCase() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", username.toUpperCase(), "password", Accounts.PASSWORD))
                .when().post("/api/auth/register")
                .then().statusCode(409)
                .contentType("application/problem+json")
                .body("code", equalTo("username_taken"))
                .body("status", equalTo(409));
    }

    @Test
    void concurrentRegistrationsOfOneUsernameCreateOneAccount() throws Exception {
        var username = Accounts.newUsername();
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(8)) {
            var results = new ArrayList<Future<Integer>>();
            for (int i = 0; i < 8; i++) {
                results.add(pool.submit(() -> {
                    start.await();
                    return given().contentType(ContentType.JSON)
                            .body(Map.of("username", username, "password", Accounts.PASSWORD))
                            .post("/api/auth/register").statusCode();
                }));
            }
            start.countDown();
            var statuses = new ArrayList<Integer>();
            for (var result : results) {
                statuses.add(result.get());
            }
            assertThat(statuses).containsOnly(201, 409);
            assertThat(statuses).filteredOn(s -> s == 201).hasSize(1);
        }
    }

    @Test
    void emailsAreUnique() {
        var email = Accounts.newUsername() + "@example.com";
        given().contentType(ContentType.JSON)
                .body(Map.of("username", Accounts.newUsername(), "password", Accounts.PASSWORD, "email", email))
                .post("/api/auth/register").then().statusCode(201);
        given().contentType(ContentType.JSON)
                .body(Map.of("username", Accounts.newUsername(), "password", Accounts.PASSWORD, "email",
                        email.toUpperCase()))
                .post("/api/auth/register").then().statusCode(409).body("code", equalTo("email_taken"));
    }

    @Test
    void invalidFieldsAreListedWithTheirRules() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", "a!", "password", "short", "display_name", "bad\u0007name",
                        "email", "not-an-email"))
                .when().post("/api/auth/register")
                .then().statusCode(400)
                .contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.field", containsInAnyOrder("username", "password", "display_name", "email"));
    }

    @Test
    void controlCharactersAreRefusedInEachTextFieldByName() {
        refusedNaming("username", Map.of("username", "ann\u0000x", "password", Accounts.PASSWORD));
        refusedNaming("username", Map.of("username", "ann\nx", "password", Accounts.PASSWORD));
        refusedNaming("display_name", Map.of("username", Accounts.newUsername(), "password", Accounts.PASSWORD,
                "display_name", "Ann\u0000"));
        refusedNaming("display_name", Map.of("username", Accounts.newUsername(), "password", Accounts.PASSWORD,
                "display_name", "Ann\u007F"));
        refusedNaming("email", Map.of("username", Accounts.newUsername(), "password", Accounts.PASSWORD,
                "email", "ann@example.com\u0000"));
        refusedNaming("password", Map.of("username", Accounts.newUsername(), "password", "correct\u0000horse"));
    }

    @Test
    void aPasswordMayHoldAnyCharacterButNul() {
        var username = Accounts.newUsername();
        var password = "tab\there, bell\u0007, line\nbreak";
        given().contentType(ContentType.JSON).body(Map.of("username", username, "password", password))
                .post("/api/auth/register").then().statusCode(201);
        Accounts.login(username, password);
    }

    private static void refusedNaming(String field, Map<String, String> body) {
        given().contentType(ContentType.JSON).body(body)
                .when().post("/api/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("validation_failed"))
                .body("errors.field", everyItem(equalTo(field)));
    }

    @Test
    void passwordsLongerThanBcryptReadsAreRefused() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", Accounts.newUsername(), "password", "ü".repeat(37)))
                .when().post("/api/auth/register")
                .then().statusCode(400).body("errors.field", hasItem("password"));
    }

    @Test
    void missingFieldsAreValidationErrors() {
        given().contentType(ContentType.JSON).body("{}")
                .when().post("/api/auth/register")
                .then().statusCode(400).body("code", equalTo("validation_failed"))
                .body("errors.field", containsInAnyOrder("username", "password"));
    }

    @Test
    void badJsonIsAProblemWithAStableCode() {
        given().contentType(ContentType.JSON).body("{\"username\": ")
                .when().post("/api/auth/register")
                .then().statusCode(400).contentType("application/problem+json")
                .body("code", equalTo("malformed_json"))
                .body("detail", equalTo("The request body is not valid JSON."));
    }

    @Test
    void aJsonArrayInsteadOfAnObjectIsMalformed() {
        given().contentType(ContentType.JSON).body("[1, 2]")
                .when().post("/api/auth/register")
                .then().statusCode(400).body("code", equalTo("malformed_json"));
    }

    @Test
    void unknownFieldsAreRefusedByName() {
        given().contentType(ContentType.JSON)
                .body(Map.of("username", Accounts.newUsername(), "password", Accounts.PASSWORD, "is_admin", true))
                .when().post("/api/auth/register")
                .then().statusCode(400).body("code", equalTo("unknown_field"))
                .body("errors[0].field", equalTo("is_admin"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNamed() {
        given().contentType(ContentType.JSON)
                .body("{\"username\": {\"a\": 1}, \"password\": \"" + Accounts.PASSWORD + "\"}")
                .when().post("/api/auth/register")
                .then().statusCode(400).body("code", equalTo("invalid_field_type"))
                .body("errors[0].field", equalTo("username"));
    }

    @Test
    void aMissingBodyIsNamedAsSuch() {
        given().contentType(ContentType.JSON)
                .when().post("/api/auth/register")
                .then().statusCode(400).body("code", equalTo("missing_body"));
    }

    @Test
    void aNonJsonBodyIsUnsupported() {
        given().contentType(ContentType.TEXT).body("username=x")
                .when().post("/api/auth/register")
                .then().statusCode(415).body("code", equalTo("unsupported_media_type"));
    }
}
