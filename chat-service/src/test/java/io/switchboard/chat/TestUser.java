package io.switchboard.chat;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import io.restassured.http.ContentType;
import io.restassured.specification.RequestSpecification;
import io.switchboard.devstack.TestTokens;

/** A user known to the stubbed auth-service, with a token; acts as a client would. */
public record TestUser(UUID id, String name, String token) {

    public static TestUser create() {
        return create("user");
    }

    public static TestUser create(String... roles) {
        var id = UUID.randomUUID();
        var name = "u" + id.toString().substring(0, 8);
        StubAuthUsers.KNOWN.add(id);
        StubAuthUsers.NAMES.put(name, id);
        return new TestUser(id, name, TestTokens.get().token(id, name, roles));
    }

    /** A backend's service token granted these scopes (contracts' {@code Scopes}), as auth-service issues it. */
    public static TestUser backend(String... scopes) {
        var id = UUID.randomUUID();
        var name = "b" + id.toString().substring(0, 8);
        return new TestUser(id, name, TestTokens.get().serviceToken(name, scopes));
    }

    public RequestSpecification request() {
        return given().auth().oauth2(token).contentType(ContentType.JSON);
    }

    /** The id of the direct chat with another user. */
    public String directChatWith(TestUser other) {
        return request().body(Map.of("type", "direct", "user_id", other.id()))
                .post("/api/chats").then().statusCode(201).extract().path("id");
    }

    public String group(String title, TestUser... members) {
        return request().body(Map.of("type", "group", "title", title,
                        "member_ids", java.util.Arrays.stream(members).map(TestUser::id).toList()))
                .post("/api/chats").then().statusCode(201).extract().path("id");
    }

    /** Sends a message; its seq. */
    public long send(String chatId, String content) {
        Number seq = request().body(Map.of("content", content))
                .post("/api/chats/" + chatId + "/messages").then().statusCode(201).extract().path("seq");
        return seq.longValue();
    }

    public List<Map<String, Object>> history(String chatId) {
        return request().get("/api/chats/" + chatId + "/messages?limit=200").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }
}
