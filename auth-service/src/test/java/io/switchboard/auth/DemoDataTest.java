package io.switchboard.auth;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsInAnyOrder;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;

/** With demo data on (the local profile), PRODUCT.md's demo accounts exist with fixed ids. */
@QuarkusTest
@TestProfile(DemoDataTest.WithDemoData.class)
class DemoDataTest {

    public static class WithDemoData implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auth.demo-data", "true");
        }
    }

    @Test
    void theDemoAccountsCanLogIn() {
        Accounts.login("admin", "admin123").getList("user.roles");
        given().contentType("application/json").body(Map.of("username", "admin", "password", "admin123"))
                .post("/api/auth/login").then().statusCode(200).body("user.roles", containsInAnyOrder("user", "admin"));
        for (String user : new String[] {"user1", "user2", "user3"}) {
            given().contentType("application/json").body(Map.of("username", user, "password", "password123"))
                    .post("/api/auth/login").then().statusCode(200).body("user.roles", containsInAnyOrder("user"));
        }
    }

    @Test
    void demoIdsAreStableSoOtherServicesCanNameThem() {
        var expected = java.util.UUID.nameUUIDFromBytes("switchboard-demo:user1".getBytes()).toString();
        given().contentType("application/json").body(Map.of("username", "user1", "password", "password123"))
                .post("/api/auth/login").then().statusCode(200).body("user.id", equalTo(expected));
    }
}
