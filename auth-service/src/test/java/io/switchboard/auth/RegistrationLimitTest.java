package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.notNullValue;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;

/** One address cannot create accounts without end: past the limit, 429 until the window has passed. */
@QuarkusTest
@TestProfile(RegistrationLimitTest.ThreePerAddress.class)
class RegistrationLimitTest {

    public static class ThreePerAddress implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.login.max-registrations-per-address", "3");
        }
    }

    @Inject
    AgroalDataSource db;

    @AfterEach
    void forgetCounts() throws Exception {
        Accounts.forgetLoginFailures(db);
    }

    @Test
    void anAddressRegistersAtMostItsLimitWithinTheWindow() {
        for (int i = 0; i < 3; i++) {
            register(Accounts.newUsername()).then().statusCode(201);
        }
        var refused = Accounts.newUsername();
        register(refused).then().statusCode(429).body("code", equalTo("rate_limited"))
                .header("Retry-After", notNullValue());
        given().contentType(ContentType.JSON).body(Map.of("username", refused, "password", Accounts.PASSWORD))
                .post("/api/auth/login").then().statusCode(401); // nothing was created
    }

    private static io.restassured.response.Response register(String username) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", Accounts.PASSWORD))
                .post("/api/auth/register");
    }
}
