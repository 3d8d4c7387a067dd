package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.hamcrest.Matchers.equalTo;

import java.util.Map;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

@QuarkusTest
class ReadStateTest {

    @Test
    void readingMovesThePositionForwardOnlyAndClearsUnread() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        var first = ann.send(chat, "1");
        ann.send(chat, "2");
        var third = ann.send(chat, "3");

        bob.request().body(Map.of("seq", first)).post("/api/chats/" + chat + "/read").then().statusCode(200)
                .body("chat_id", equalTo(chat))
                .body("last_read_seq", equalTo((int) first))
                .body("unread_count", equalTo(2));
        bob.request().post("/api/chats/" + chat + "/read").then().statusCode(200)
                .body("last_read_seq", equalTo((int) third)).body("unread_count", equalTo(0));
        bob.request().body(Map.of("seq", first)).post("/api/chats/" + chat + "/read").then()
                .body("last_read_seq", equalTo((int) third));
        bob.request().body(Map.of("seq", 1_000_000)).post("/api/chats/" + chat + "/read").then()
                .body("last_read_seq", equalTo((int) third));
        bob.request().get("/api/chats/" + chat).then().body("unread_count", equalTo(0))
                .body("last_read_seq", equalTo((int) third))
                .body("members.find { it.user_id == '" + bob.id() + "' }.last_read_seq", equalTo((int) third));
    }

    @Test
    void onlyARealMoveIsAnEvent() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        var seq = ann.send(chat, "hi");
        bob.request().post("/api/chats/" + chat + "/read").then().statusCode(200);
        bob.request().post("/api/chats/" + chat + "/read").then().statusCode(200);
        var events = bob.request().get("/api/chats/" + chat + "/events").then().extract().jsonPath();
        assertThat(events.getList("events.type")).containsExactly("chat.created", "message.created", "messages.read");
        assertThat(events.getString("events[2].data.user_id")).isEqualTo(bob.id().toString());
        assertThat(events.getLong("events[2].data.seq")).isEqualTo(seq);
    }

    @Test
    void deletedMessagesAreNotUnread() {
        var ann = TestUser.create();
        var bob = TestUser.create();
        var chat = ann.directChatWith(bob);
        ann.send(chat, "keep");
        ann.send(chat, "drop");
        String id = ann.request().get("/api/chats/" + chat + "/messages").then().extract().path("[1].id");
        ann.request().delete("/api/chats/" + chat + "/messages/" + id).then().statusCode(204);
        bob.request().get("/api/chats/" + chat).then().body("unread_count", equalTo(1));
    }

    @Test
    void aNegativeSeqIsAValidationError() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        ann.request().body(Map.of("seq", -1)).post("/api/chats/" + chat + "/read")
                .then().statusCode(400).body("code", equalTo("validation_failed"));
    }
}
