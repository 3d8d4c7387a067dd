package io.switchboard.auth;

import static io.restassured.RestAssured.given;

import java.sql.SQLException;
import java.util.Map;
import java.util.UUID;

import io.agroal.api.AgroalDataSource;
import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;

/** Test helpers that act as a client of the REST API would. */
public final class Accounts {

    public static final String PASSWORD = "correct horse battery";

    private Accounts() {
    }

    /** A fresh, unique username. */
    public static String newUsername() {
        return "u" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
    }

    public static JsonPath register(String username) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", PASSWORD))
                .when().post("/api/auth/register")
                .then().statusCode(201).extract().jsonPath();
    }

    public static JsonPath login(String username, String password) {
        return given().contentType(ContentType.JSON)
                .body(Map.of("username", username, "password", password))
                .when().post("/api/auth/login")
                .then().statusCode(200).extract().jsonPath();
    }

    /** Throttling counts every failure from 127.0.0.1: tests of it start and end with a clean slate. */
    public static void forgetLoginFailures(AgroalDataSource db) throws SQLException {
        try (var c = db.getConnection(); var s = c.createStatement()) {
            s.execute("DELETE FROM login_failures");
        }
    }

    /** Registers a new account and logs in: the login response. */
    public static JsonPath newSession() {
        var username = newUsername();
        register(username);
        return login(username, PASSWORD);
    }
}
