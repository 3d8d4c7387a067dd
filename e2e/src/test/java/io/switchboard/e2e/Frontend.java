package io.switchboard.e2e;

import static io.restassured.RestAssured.given;

import java.util.List;
import java.util.Map;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestSocket;

/** What a frontend does, for the end-to-end tests: REST to chat-service, sockets to an instance. */
final class Frontend {

    private final Stack stack;

    Frontend(Stack stack) {
        this.stack = stack;
    }

    /** Connected the browser way (token in Sec-WebSocket-Protocol) and past its opening. */
    TestSocket connect(JsonPath person, ServiceProcess instance) {
        var socket = TestSocket.connect(Stack.ws(instance), token(person), TestSocket.Carrier.SUBPROTOCOL);
        socket.next("connected");
        socket.send("{\"type\":\"ping\"}");
        socket.next("pong");
        return socket;
    }

    TestSocket connect(JsonPath person) {
        return connect(person, stack.realtime);
    }

    String directChat(JsonPath a, JsonPath b) {
        return rest(a).body(Map.of("type", "direct", "user_id", userId(b))).post("/api/chats")
                .then().statusCode(201).extract().path("id");
    }

    String group(JsonPath owner, JsonPath... others) {
        var ids = java.util.Arrays.stream(others).map(Frontend::userId).toList();
        return rest(owner).body(Map.of("type", "group", "title", "Group", "member_ids", ids)).post("/api/chats")
                .then().statusCode(201).extract().path("id");
    }

    /** Sends over REST; the message's seq. */
    long send(JsonPath person, String chat, String content) {
        return rest(person).body(Map.of("content", content)).post(messages(chat))
                .then().statusCode(201).extract().jsonPath().getLong("seq");
    }

    void add(JsonPath by, String chat, JsonPath user) {
        rest(by).body(Map.of("user_ids", List.of(userId(user)))).post("/api/chats/" + chat + "/members")
                .then().statusCode(200);
    }

    RequestSpecification rest(JsonPath person) {
        return given().baseUri(stack.chat.baseUrl()).auth().oauth2(token(person)).contentType(ContentType.JSON);
    }

    static String messages(String chat) {
        return "/api/chats/" + chat + "/messages";
    }

    static String token(JsonPath person) {
        return person.getString("access_token");
    }

    static String userId(JsonPath person) {
        return person.getString("user.id");
    }
}
