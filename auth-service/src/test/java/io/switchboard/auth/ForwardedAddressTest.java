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
 * the proxy forwards: one client's failures do not throttle another client behind the same proxy,
 * and a stranger guessing an account's password or a backend's secret throttles the stranger,
 * not the owner (short of the slower limit for an account from everywhere). The Kubernetes
 * manifests configure auth-service so behind the Ingress.
 */
@QuarkusTest
@TestProfile(ForwardedAddressTest.BehindAProxy.class)
class ForwardedAddressTest {

    /** The account's limit from all addresses together, low here so that a test can reach it. */
    static final int EVERYWHERE = 12;

    public static class BehindAProxy implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("quarkus.http.proxy.proxy-address-forwarding", "true",
                    "quarkus.http.proxy.allow-x-forwarded", "true",
                    "quarkus.http.proxy.trusted-proxies", "127.0.0.1",
                    "auth.login.max-failures-per-account-everywhere", String.valueOf(EVERYWHERE));
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

    @Test
    void aStrangersWrongPasswordsThrottleTheStrangerNotTheOwner() {
        var victim = Accounts.newUsername();
        Accounts.register(victim);
        for (int i = 0; i < 5; i++) {
            attempt("198.51.100.20", victim).statusCode(401);
        }
        login("198.51.100.20", victim, Accounts.PASSWORD).statusCode(429);

        login("203.0.113.30", victim, Accounts.PASSWORD).statusCode(200);
    }

    @Test
    void aStrangersWrongSecretsDoNotLockABackendOut() {
        for (int i = 0; i < 5; i++) {
            clientToken("198.51.100.21", "guess-" + i).statusCode(401);
        }
        clientToken("198.51.100.21", "test-secret").statusCode(429);

        clientToken("203.0.113.31", "test-secret").statusCode(200);
    }

    @Test
    void guessingOneAccountFromManyAddressesMeetsTheSlowerLimitEverywhere() {
        var victim = Accounts.newUsername();
        Accounts.register(victim);
        int failures = 0;
        for (int address = 1; failures < EVERYWHERE; address++) {
            for (int i = 0; i < 4 && failures < EVERYWHERE; i++, failures++) {
                attempt("198.51.100." + (100 + address), victim).statusCode(401);
            }
        }
        attempt("198.51.100.99", victim).statusCode(429);

        login("203.0.113.32", victim, Accounts.PASSWORD).statusCode(429);
    }

    private static ValidatableResponse attempt(String address, String username) {
        return login(address, username, "guess");
    }

    private static ValidatableResponse login(String address, String username, String password) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("username", username, "password", password))
                .post("/api/auth/login").then();
    }

    private static ValidatableResponse clientToken(String address, String secret) {
        return given().contentType(ContentType.JSON).header("X-Forwarded-For", address)
                .body(Map.of("client_id", "test-backend", "client_secret", secret))
                .post("/api/auth/token").then();
    }
}
