package io.switchboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.hamcrest.Matchers.equalTo;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.devstack.TestSocket;

/**
 * auth-service and chat-service as real processes: chat-service accepts auth-service's tokens by
 * its published JWKS alone, and checks users with auth-service before putting them in a chat.
 */
class AuthAndChatTest {

    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.shared();
    }

    @Test
    void twoPeopleRegisterChatAndReadAsAFrontendWould() {
        var ann = signUp();
        var bob = signUp();

        String chat = given().baseUri(stack.chat.baseUrl()).auth().oauth2(ann.getString("access_token"))
                .contentType(ContentType.JSON).body(Map.of("type", "direct", "user_id", bob.getString("user.id")))
                .post("/api/chats").then().statusCode(201).extract().path("id");
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(ann.getString("access_token"))
                .contentType(ContentType.JSON).body(Map.of("content", "hi Bob", "client_message_id", "m-1"))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201);

        given().baseUri(stack.chat.baseUrl()).auth().oauth2(bob.getString("access_token"))
                .get("/api/chats").then().statusCode(200)
                .body("[0].id", equalTo(chat))
                .body("[0].unread_count", equalTo(1))
                .body("[0].last_message.content", equalTo("hi Bob"));
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(bob.getString("access_token"))
                .contentType(ContentType.JSON).body("{}")
                .post("/api/chats/" + chat + "/read").then().statusCode(200).body("unread_count", equalTo(0));
    }

    @Test
    void chatServiceAsksAuthServiceWhetherAUserExists() {
        var ann = signUp();
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(ann.getString("access_token"))
                .contentType(ContentType.JSON).body(Map.of("type", "direct", "user_id", UUID.randomUUID()))
                .post("/api/chats").then().statusCode(404).body("code", equalTo("user_not_found"));
    }

    @Test
    void aRefreshedTokenWorksAndAForgedOneDoesNot() {
        var ann = signUp();
        String refreshed = given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("refresh_token", ann.getString("refresh_token")))
                .post("/api/auth/refresh").then().statusCode(200).extract().path("access_token");
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(refreshed).get("/api/chats").then().statusCode(200);
        var parts = refreshed.split("\\.");
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(parts[0] + "." + parts[1] + ".AAAA")
                .get("/api/chats").then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    /**
     * A logout ends the session on every service within seconds, not when its access token
     * expires: its socket closes with 4001 and chat-service, notification-service and
     * realtime-service refuse its token; the user's other session goes on.
     */
    @Test
    void aLogoutEndsTheSessionOnEveryServiceAndClosesItsSocket() {
        var ann = signUp();
        var elsewhere = given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("username", ann.getString("user.username"), "password", Stack.PASSWORD))
                .post("/api/auth/login").then().statusCode(200).extract().jsonPath();
        var token = ann.getString("access_token");
        try (var socket = TestSocket.connect(stack.ws(), token, TestSocket.Carrier.HEADER);
             var other = TestSocket.connect(stack.ws(), elsewhere.getString("access_token"), TestSocket.Carrier.HEADER)) {
            socket.next("connected");
            other.next("connected");
            given().baseUri(stack.chat.baseUrl()).auth().oauth2(token).get("/api/chats").then().statusCode(200);

            given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                    .body(Map.of("refresh_token", ann.getString("refresh_token")))
                    .post("/api/auth/logout").then().statusCode(204);

            assertThat(socket.closeCode(Duration.ofSeconds(10))).isEqualTo(4001);
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> {
                given().baseUri(stack.chat.baseUrl()).auth().oauth2(token).get("/api/chats").then().statusCode(401);
                given().baseUri(stack.notifications.baseUrl()).auth().oauth2(token).get("/api/notifications")
                        .then().statusCode(401);
            });
            assertThat(TestSocket.refusal(stack.ws(), token, TestSocket.Carrier.HEADER)).isEqualTo(401);
            other.send("{\"type\":\"ping\"}");
            other.next("pong");
            given().baseUri(stack.chat.baseUrl()).auth().oauth2(elsewhere.getString("access_token"))
                    .get("/api/chats").then().statusCode(200);
        }
    }

    @Test
    void aServiceTokenIsNotAUser() {
        String token = given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("client_id", Stack.CLIENT_ID, "client_secret", Stack.CLIENT_SECRET))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        given().baseUri(stack.chat.baseUrl()).auth().oauth2(token).get("/api/chats").then().statusCode(403);
    }

    /**
     * A backend's token from the real auth-service opens what its scopes grant (here memberships),
     * and nothing service-only besides: the test backend has neither presence nor contacts, so its
     * token is not even meant for realtime-service or auth-service, which refuse it with 401.
     */
    @Test
    void aBackendsTokenOpensOnlyWhatItsScopesGrant() {
        var ann = signUp();
        String token = given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("client_id", Stack.CLIENT_ID, "client_secret", Stack.CLIENT_SECRET))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        var userIds = Map.of("user_ids", List.of(ann.getString("user.id")));

        given().baseUri(stack.chat.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON).body(userIds)
                .post("/api/memberships").then().statusCode(200);
        given().baseUri(stack.realtime.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON).body(userIds)
                .post("/api/presence").then().statusCode(401).body("code", equalTo("unauthorized"));
        given().baseUri(stack.auth.baseUrl()).auth().oauth2(token).get("/api/users/" + ann.getString("user.id") + "/contact")
                .then().statusCode(401).body("code", equalTo("unauthorized"));
    }

    @Test
    void bothServicesNameThemselves() {
        given().baseUri(stack.auth.baseUrl()).get("/").then().body("service", equalTo("auth-service"));
        given().baseUri(stack.chat.baseUrl()).get("/").then().body("service", equalTo("chat-service"));
        assertThat(stack.auth.baseUrl()).isNotEqualTo(stack.chat.baseUrl());
    }

    private static JsonPath signUp() {
        return stack.signUp();
    }
}
