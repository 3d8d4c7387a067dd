package io.switchboard.notification;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.switchboard.devstack.TestTokens;

/** Someone calling the service: a user, an admin, or a backend with a service token. */
public record Person(UUID id, String name, String token) {

    public static Person user() {
        return create("user");
    }

    public static Person admin() {
        return create("admin");
    }

    /** A backend with a service token granted these scopes (contracts' {@code Scopes}), as auth-service issues it. */
    public static Person backend(String... scopes) {
        var id = UUID.randomUUID();
        var name = "b" + id.toString().substring(0, 8);
        return new Person(id, name, TestTokens.get().serviceToken(name, scopes));
    }

    private static Person create(String role) {
        var id = UUID.randomUUID();
        var name = role.charAt(0) + id.toString().substring(0, 8);
        return new Person(id, name, TestTokens.get().token(id, name, role));
    }

    public RequestSpecification request() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    public List<Map<String, Object>> notifications() {
        return request().get("/api/notifications").then().statusCode(200).extract().jsonPath().getList("$");
    }

    public List<Map<String, Object>> unread() {
        return request().get("/api/notifications?unread=true").then().statusCode(200).extract().jsonPath().getList("$");
    }

    /** Only the notifications of this type (tests send notices to everyone, which every user sees). */
    public List<Map<String, Object>> notifications(String type) {
        return notifications().stream().filter(n -> type.equals(n.get("type"))).toList();
    }

    public List<Map<String, Object>> unread(String type) {
        return unread().stream().filter(n -> type.equals(n.get("type"))).toList();
    }
}
