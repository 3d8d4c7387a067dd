package io.switchboard.auth;

import static io.restassured.RestAssured.given;

import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;

/**
 * Behind a trusted proxy (here: the test itself, on loopback), the throttles count the address
 * the proxy forwards: one client's failures do not throttle another client behind the same proxy.
 * The Kubernetes manifests configure auth-service so behind the Ingress.
 */
@QuarkusTest
@TestProfile(ForwardedAddressTest.BehindAProxy.class)
class ForwardedAddressTest {

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1");
        }
    }

    @Inject
    AgroalDataSource db;

    @AfterEach
    void forgetFailures() throws Exception {
        Accounts.forgetLoginFailures(db);
    }

    @Test
    void eachForwardedClientHasItsOwnAddressBudget() {
        for (int i = 0; i < 20; i++) {
            attempt("198.51.100.7", Accounts.newUsername()).statusCode(401);
        }
        attempt("198.51.100.7", Accounts.newUsername()).statusCode(429);

        var victim = Accounts.newUsername();
        Accounts.register(victim);
        given().contentType(ContentType.JSON).header("X-Forwarded-For", "203.0.113.9")
                .body(Map.of("username", victim, "password", Accounts.PASSWORD))
                .post("/api/auth/login").then().statusCode(200);
    }

    private static ValidatableResponse attempt(String address, String username) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("username", username, "password", "guess"))
                .post("/api/auth/login").then();
    }
}
