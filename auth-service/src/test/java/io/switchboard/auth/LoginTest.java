package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.contains;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.greaterThan;
import static org.hamcrest.Matchers.notNullValue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import jakarta.inject.Inject;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.smallrye.jwt.auth.principal.JWTParser;

@QuarkusTest
class LoginTest {

    @Inject
    AgroalDataSource db;

    @Inject
    JWTParser jwt;

    @BeforeEach
    @AfterEach
    void forgetFailures() throws Exception {
        Accounts.forgetLoginFailures(db);
    }

    @Test
    void loginAnswersAnAccessTokenARefreshTokenAndTheUser() throws Exception {
        var username = Accounts.newUsername();
        var id = Accounts.register(username).getString("id");
        var body = attempt(username, Accounts.PASSWORD).statusCode(200)
                .body("token_type", equalTo("Bearer"))
                .body("expires_in", equalTo(900))
                .body("refresh_token", notNullValue())
                .body("refresh_expires_in", greaterThan(29 * 86_400))
                .body("user.id", equalTo(id))
                .body("user.username", equalTo(username))
                .extract().jsonPath();

        var token = jwt.parse(body.getString("access_token"));
        assertThat(token.getSubject()).isEqualTo(id);
        assertThat(token.getName()).isEqualTo(username);
        assertThat(token.getGroups()).containsExactly("user");
        assertThat(token.getIssuer()).isEqualTo("switchboard-auth");
        assertThat(token.getExpirationTime() - token.getIssuedAtTime()).isEqualTo(900);
        assertThat((String) token.getClaim("sid")).isNotBlank();
    }

    @Test
    void usernamesMatchRegardlessOfCase() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        attempt(username.toUpperCase(), Accounts.PASSWORD).statusCode(200);
    }

    @Test
    void aWrongPasswordAndAnUnknownUserAnswerTheSame() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var wrongPassword = attempt(username, "not the password").statusCode(401)
                .contentType("application/problem+json").extract().asString();
        var unknownUser = attempt(Accounts.newUsername(), "not the password").statusCode(401)
                .extract().asString();
        assertThat(wrongPassword).isEqualTo(unknownUser);
        assertThat(wrongPassword).contains("\"code\":\"invalid_credentials\"");
    }

    @Test
    void demoUsersDoNotExistOutsideTheLocalProfile() {
        attempt("admin", "admin123").statusCode(401).body("code", equalTo("invalid_credentials"));
    }

    @Test
    void anAccountIsThrottledAfterFiveFailuresEvenForTheRightPassword() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        for (int i = 0; i < 5; i++) {
            attempt(username, "wrong-" + i).statusCode(401);
        }
        attempt(username, Accounts.PASSWORD).statusCode(429)
                .header("Retry-After", notNullValue())
                .body("code", equalTo("rate_limited"));
    }

    @Test
    void unknownAccountsAreThrottledLikeKnownOnes() {
        var username = Accounts.newUsername();
        for (int i = 0; i < 5; i++) {
            attempt(username, "wrong-" + i).statusCode(401);
        }
        attempt(username, "wrong").statusCode(429);
    }

    @Test
    void aSuccessfulLoginClearsTheAccountsFailures() {
        var username = Accounts.newUsername();
        Accounts.register(username);
        for (int i = 0; i < 4; i++) {
            attempt(username, "wrong-" + i).statusCode(401);
        }
        attempt(username, Accounts.PASSWORD).statusCode(200);
        for (int i = 0; i < 4; i++) {
            attempt(username, "wrong-" + i).statusCode(401);
        }
        attempt(username, Accounts.PASSWORD).statusCode(200);
    }

    @Test
    void anAddressIsThrottledAfterTwentyFailuresAcrossAccounts() {
        var victim = Accounts.newUsername();
        Accounts.register(victim);
        for (int i = 0; i < 20; i++) {
            attempt(Accounts.newUsername(), "guess").statusCode(401);
        }
        var retryAfter = attempt(victim, Accounts.PASSWORD).statusCode(429).extract().header("Retry-After");
        assertThat(Integer.parseInt(retryAfter)).isBetween(1, 300);
    }

    /**
     * Attempts are counted before their password is checked, each in one statement that also
     * decides whether it may go on: 60 wrong passwords sent at once get 5 answers of 401 at most,
     * the rest 429 (a check made apart from the count let all 60 through).
     */
    @Test
    void simultaneousAttemptsCannotPassTheLimitTogether() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        var statuses = new ArrayList<Future<Integer>>();
        var start = new CountDownLatch(1);
        try (var attackers = Executors.newFixedThreadPool(100)) {
            for (int i = 0; i < 100; i++) {
                var password = "wrong-" + i;
                statuses.add(attackers.submit(() -> {
                    start.await();
                    return attempt(username, password).extract().statusCode();
                }));
            }
            start.countDown();
        }
        var counts = new HashMap<Integer, Integer>();
        for (var status : statuses) {
            counts.merge(status.get(), 1, Integer::sum);
        }
        assertThat(counts.getOrDefault(401, 0)).as("answers %s", counts).isLessThanOrEqualTo(5);
        assertThat(counts.getOrDefault(429, 0)).as("answers %s", counts).isGreaterThanOrEqualTo(95);
    }

    @Test
    void missingCredentialsAreValidationErrors() {
        given().contentType(ContentType.JSON).body(Map.of("username", ""))
                .when().post("/api/auth/login")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
    }

    @Test
    void controlCharactersInALoginAreRefusedByFieldAndNotCounted() throws Exception {
        var username = Accounts.newUsername();
        Accounts.register(username);
        attempt(username + "\u0000", Accounts.PASSWORD).statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors.field", contains("username"));
        attempt(username, Accounts.PASSWORD + "\u0000").statusCode(400)
                .body("code", equalTo("validation_failed")).body("errors.field", contains("password"));
        try (var c = db.getConnection(); var s = c.createStatement();
             var rows = s.executeQuery("SELECT count(*) FROM login_failures WHERE throttle_key NOT LIKE 'register:%'")) {
            rows.next();
            assertThat(rows.getLong(1)).isZero();
        }
        given().contentType(ContentType.JSON).body(Map.of("refresh_token", "token\u0000"))
                .post("/api/auth/refresh").then().statusCode(400).body("errors.field", contains("refresh_token"));
    }

    private static ValidatableResponse attempt(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .when().post("/api/auth/login")
                .then();
    }
}
