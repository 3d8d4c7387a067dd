package io.switchboard.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.path.json.JsonPath;
import io.switchboard.devstack.TestSocket;

/**
 * auth-service, chat-service and realtime-service as real processes, driven as a frontend would:
 * REST for state, one WebSocket per device for everything live.
 */
class RealtimeTest {

    private static Stack stack;

    @BeforeAll
    static void start() {
        stack = Stack.shared();
    }

    @Test
    void whatOneDoesTheOtherSeesLive() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = directChat(ann, bob);
        try (var annSocket = connect(ann); var bobSocket = connect(bob)) {
            bobSocket.send("type", "send_message", "chat_id", chat, "content", "hi Ann", "client_message_id", "b-1");
            var sent = bobSocket.next("message_sent");
            var messageId = sent.path("message").path("id").asText();
            var received = annSocket.next("new_message");
            assertThat(received.path("message").path("id").asText()).isEqualTo(messageId);
            assertThat(received.path("message").path("content").asText()).isEqualTo("hi Ann");
            assertThat(received.path("event_seq").asLong()).isEqualTo(sent.path("message").path("seq").asLong());

            annSocket.send("type", "typing", "data", Map.of("chat_id", chat, "is_typing", true));
            assertThat(bobSocket.next("typing").path("user_id").asText()).isEqualTo(userId(ann));

            annSocket.send("type", "mark_read", "data", Map.of("chat_id", chat));
            var read = bobSocket.next("messages_read");
            assertThat(read.path("user_id").asText()).isEqualTo(userId(ann));
            assertThat(read.path("seq").asLong()).isEqualTo(sent.path("message").path("seq").asLong());

            rest(bob).body(Map.of("content", "hi Ann!")).patch(messages(chat) + "/" + messageId).then().statusCode(200);
            assertThat(annSocket.next("message_updated").path("content").asText()).isEqualTo("hi Ann!");
            rest(bob).delete(messages(chat) + "/" + messageId).then().statusCode(204);
            assertThat(annSocket.next("message_deleted").path("message_id").asText()).isEqualTo(messageId);
        }
    }

    @Test
    void groupMembershipChangesMoveWhoIsSubscribed() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var carol = stack.signUp();
        try (var annSocket = connect(ann); var carolSocket = connect(carol)) {
            String group = rest(ann).body(Map.of("type", "group", "title", "Trip", "member_ids", List.of(userId(bob))))
                    .post("/api/chats").then().statusCode(201).extract().path("id");
            assertThat(annSocket.next("chat_created").path("chat_id").asText()).isEqualTo(group);

            rest(ann).body(Map.of("user_ids", List.of(userId(carol)))).post("/api/chats/" + group + "/members")
                    .then().statusCode(200);
            assertThat(carolSocket.next("user_joined").path("user_id").asText()).isEqualTo(userId(carol));
            rest(ann).body(Map.of("content", "welcome")).post(messages(group)).then().statusCode(201);
            assertThat(carolSocket.next("new_message").path("message").path("content").asText()).isEqualTo("welcome");

            rest(carol).delete("/api/chats/" + group + "/members/" + userId(carol)).then().statusCode(204);
            assertThat(carolSocket.next("user_left").path("user_id").asText()).isEqualTo(userId(carol));
            rest(ann).body(Map.of("content", "after carol left")).post(messages(group)).then().statusCode(201);
            annSocket.next(e -> e.path("type").asText().equals("new_message")
                    && e.path("message").path("content").asText().equals("after carol left"), "ann's own message");
            carolSocket.expectNone("new_message", Duration.ofMillis(500));
        }
    }

    @Test
    void aReconnectingDeviceResumesWhatItMissedFromChatServicesLog() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = directChat(ann, bob);
        long lastSeen;
        try (var bobSocket = connect(bob)) {
            rest(ann).body(Map.of("content", "before")).post(messages(chat)).then().statusCode(201);
            lastSeen = bobSocket.next("new_message").path("event_seq").asLong();
        }
        for (int i = 0; i < 3; i++) {
            rest(ann).body(Map.of("content", "missed " + i)).post(messages(chat)).then().statusCode(201);
        }
        String regretted = rest(ann).body(Map.of("content", "regretted")).post(messages(chat))
                .then().statusCode(201).extract().path("id");
        rest(ann).delete(messages(chat) + "/" + regretted).then().statusCode(204);
        try (var bobSocket = TestSocket.connect(stack.ws(), token(bob), TestSocket.Carrier.QUERY)) {
            bobSocket.next("connected");
            bobSocket.send("type", "resume", "chats", Map.of(chat, lastSeen));
            for (int i = 0; i < 3; i++) {
                var event = bobSocket.next("new_message");
                assertThat(event.path("message").path("content").asText()).isEqualTo("missed " + i);
                assertThat(event.path("event_seq").asLong()).isEqualTo(lastSeen + 1 + i);
            }
            // The deleted message keeps its place in the replay, without its text.
            var deleted = bobSocket.next("new_message");
            assertThat(deleted.path("message").path("id").asText()).isEqualTo(regretted);
            assertThat(deleted.path("message").path("deleted").asBoolean()).isTrue();
            assertThat(deleted.toString()).doesNotContain("regretted");
            assertThat(bobSocket.next("message_deleted").path("message_id").asText()).isEqualTo(regretted);
            assertThat(bobSocket.next("resumed").path("chats").path(chat).asLong()).isEqualTo(lastSeen + 5);

            // chat-service's refusal reaches the socket with the field it concerns
            bobSocket.send("type", "send_message", "chat_id", chat, "content", " ");
            assertThat(bobSocket.next("error").path("message").asText()).isEqualTo("content must not be blank.");
        }
    }

    @Test
    void presenceAndChatListComeFromTheRealServices() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = directChat(ann, bob);
        try (var annSocket = connect(ann); var bobSocket = connect(bob)) {
            var online = annSocket.next("user_status");
            assertThat(online.path("user_id").asText()).isEqualTo(userId(bob));
            assertThat(online.path("status").asText()).isEqualTo("online");

            bobSocket.send("{\"type\":\"get_my_chats\"}");
            var mine = bobSocket.next("my_chats");
            assertThat(mine.path("chats").get(0).path("id").asText()).isEqualTo(chat);
            assertThat(mine.path("chats").get(0).has("unread_count")).isTrue();

            bobSocket.send("type", "get_chat_status", "chat_id", chat);
            assertThat(bobSocket.next("chat_status").path("chats").get(0).path("members")).hasSize(2);

            bobSocket.send("type", "send_message", "chat_id", UUID.randomUUID(), "content", "nowhere");
            assertThat(bobSocket.next("error").path("code").asText()).isEqualTo("chat_not_found");
        }
    }

    @Test
    void theWebSocketRefusesWhatAuthServiceDidNotIssue() {
        assertThat(TestSocket.refusal(stack.ws(), null, TestSocket.Carrier.HEADER)).isEqualTo(401);
        assertThat(TestSocket.refusal(stack.ws(), "forged.token.here", TestSocket.Carrier.QUERY)).isEqualTo(401);
    }

    private static TestSocket connect(JsonPath person) {
        return new Frontend(stack).connect(person);
    }

    private static String directChat(JsonPath a, JsonPath b) {
        return new Frontend(stack).directChat(a, b);
    }

    private static io.restassured.specification.RequestSpecification rest(JsonPath person) {
        return new Frontend(stack).rest(person);
    }

    private static String messages(String chat) {
        return Frontend.messages(chat);
    }

    private static String token(JsonPath person) {
        return Frontend.token(person);
    }

    private static String userId(JsonPath person) {
        return Frontend.userId(person);
    }
}
