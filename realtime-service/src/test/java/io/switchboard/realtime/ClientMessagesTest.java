package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** Each client message, in the flat form and the seed form, and what it causes. */
@QuarkusTest
class ClientMessagesTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Test
    void sendMessageGoesThroughChatServiceAndIsAcknowledgedAndDelivered() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var phone = alice.connect(); var laptop = alice.connect(); var bobSocket = bob.connect()) {
            phone.send("type", "send_message", "chat_id", chat, "content", "hi bob", "client_message_id", "c-1");

            var sent = phone.next("message_sent");
            assertThat(sent.path("client_message_id").asText()).isEqualTo("c-1");
            assertThat(sent.path("chat_id").asText()).isEqualTo(chat.toString());
            assertThat(sent.path("message").path("content").asText()).isEqualTo("hi bob");
            var seq = sent.path("message").path("seq").asLong();
            assertThat(chats.chat(chat).messages).hasSize(1);

            assertThat(bobSocket.next("new_message").path("message").path("seq").asLong()).isEqualTo(seq);
            assertThat(laptop.next("new_message").path("message").path("seq").asLong()).isEqualTo(seq);
            assertThat(phone.next("new_message").path("event_seq").asLong()).isEqualTo(seq);
        }
    }

    @Test
    void theSeedFormIsAcceptedForEveryMessage() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var socket = alice.connect(); var bobSocket = bob.connect()) {
            socket.send("type", "send_message", "data", Map.of("chat_id", chat, "content", "seed form"));
            assertThat(socket.next("message_sent").path("message").path("content").asText()).isEqualTo("seed form");

            socket.send("type", "typing", "data", Map.of("chat_id", chat, "is_typing", true));
            assertThat(bobSocket.next("typing").path("is_typing").asBoolean()).isTrue();

            socket.send("type", "get_my_chats", "data", Map.of());
            assertThat(socket.next("my_chats").path("chats")).hasSize(1);
        }
    }

    @Test
    void sendMessageErrorsCarryChatServicesCodeAndTheClientMessageId() {
        var alice = People.create("alice");
        var chat = chats.group(alice.id(), People.create("bob").id());
        try (var socket = alice.connect()) {
            socket.send("type", "send_message", "chat_id", chat, "content", " ", "client_message_id", "c-2");
            var error = socket.next("error");
            assertThat(error.path("code").asText()).isEqualTo("validation_failed");
            assertThat(error.path("message").asText()).as("chat-service's field error")
                    .isEqualTo("content must not be blank.");
            assertThat(error.path("request_type").asText()).isEqualTo("send_message");
            assertThat(error.path("client_message_id").asText()).isEqualTo("c-2");
            assertThat(error.path("chat_id").asText()).isEqualTo(chat.toString());

            chats.unavailable(true);
            try {
                socket.send("type", "send_message", "chat_id", chat, "content", "hello", "client_message_id", "c-3");
                assertThat(socket.next("error").path("code").asText()).isEqualTo("upstream_unavailable");
            } finally {
                chats.unavailable(false);
            }
        }
    }

    @Test
    void readMessagesAndItsAliasMarkReadAndOthersGetMessagesRead() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        chats.send(chat, alice.id(), "one");
        chats.send(chat, alice.id(), "two");
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            bobSocket.send("type", "read_messages", "chat_id", chat, "seq", 2);
            var read = aliceSocket.next("messages_read");
            assertThat(read.path("user_id").asText()).isEqualTo(bob.id().toString());
            assertThat(read.path("seq").asLong()).isEqualTo(2);

            bobSocket.send("type", "mark_read", "data", Map.of("chat_id", chat));
            assertThat(aliceSocket.next("messages_read").path("seq").asLong()).isEqualTo(chats.chat(chat).lastSeq - 1);
        }
    }

    @Test
    void typingReachesTheOthersAndExpiresWithoutARefresh() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", true);
            var typing = bobSocket.next("typing");
            assertThat(typing.path("user_id").asText()).isEqualTo(alice.id().toString());
            assertThat(typing.path("chat_id").asText()).isEqualTo(chat.toString());
            assertThat(typing.path("is_typing").asBoolean()).isTrue();
            long started = System.nanoTime();

            var expired = bobSocket.next("typing");
            long afterMillis = (System.nanoTime() - started) / 1_000_000;
            assertThat(expired.path("is_typing").asBoolean()).isFalse();
            assertThat(afterMillis).isBetween(2_500L, 5_000L);
            aliceSocket.expectNone("typing", Duration.ofMillis(200)); // never to the typist
        }
    }

    @Test
    void aRefreshedTypingIndicatorOutlivesTheTimeout() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", true);
            assertThat(bobSocket.next("typing").path("is_typing").asBoolean()).isTrue();
            long lastRefresh = System.nanoTime();
            for (int second = 0; second < 4; second++) { // past the 3 s a single one lasts
                assertThat(bobSocket.all("typing", Duration.ofSeconds(1)))
                        .allSatisfy(typing -> assertThat(typing.path("is_typing").asBoolean()).isTrue());
                aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", true);
                lastRefresh = System.nanoTime();
            }
            var expired = bobSocket.next(e -> e.path("type").asText().equals("typing")
                    && !e.path("is_typing").asBoolean(), "typing stopped");
            assertThat((System.nanoTime() - lastRefresh) / 1_000_000).isBetween(2_500L, 5_000L);
            assertThat(expired.path("user_id").asText()).isEqualTo(alice.id().toString());
        }
    }

    @Test
    void typingStopsWhenTheClientSaysSoOrItsSocketCloses() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var bobSocket = bob.connect()) {
            try (var aliceSocket = alice.connect()) {
                aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", true);
                assertThat(bobSocket.next("typing").path("is_typing").asBoolean()).isTrue();
                aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", false);
                assertThat(bobSocket.next("typing").path("is_typing").asBoolean()).isFalse();

                aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", true);
                assertThat(bobSocket.next("typing").path("is_typing").asBoolean()).isTrue();
            }
            var stopped = bobSocket.next("typing");
            assertThat(stopped.path("is_typing").asBoolean()).isFalse();
        }
    }

    @Test
    void leaveChatMutesItOnThisSocketOnlyAndJoinChatUnmutes() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var muted = bob.connect(); var other = bob.connect()) {
            muted.send("type", "leave_chat", "chat_id", chat);
            muted.send("{\"type\":\"ping\"}");
            muted.next("pong"); // frames are handled in order: the mute is in place

            chats.send(chat, alice.id(), "while muted");
            assertThat(other.next("new_message").path("message").path("content").asText()).isEqualTo("while muted");
            muted.expectNone("new_message", Duration.ofMillis(500));

            muted.send("type", "join_chat", "chat_id", chat);
            muted.send("{\"type\":\"ping\"}");
            muted.next("pong");
            chats.send(chat, alice.id(), "unmuted");
            assertThat(muted.next("new_message").path("message").path("content").asText()).isEqualTo("unmuted");
        }
    }

    @Test
    void getMyChatsListsTheUsersChatsFromChatService() {
        var alice = People.create("alice");
        var first = chats.group(alice.id(), People.create("bob").id());
        var second = chats.group(People.create("carol").id(), alice.id());
        try (var socket = alice.connect()) {
            socket.send("{\"type\":\"get_my_chats\"}");
            var mine = socket.next("my_chats");
            assertThat(mine.path("chats").findValuesAsText("id")).containsExactlyInAnyOrder(first.toString(), second.toString());
            assertThat(mine.path("chats").get(0).has("unread_count")).isTrue();
        }
    }

    @Test
    void aChatListComesInPagesAndAPageLeavesTheSocketKnowingAllTheOtherChats() {
        var alice = People.create("alice");
        var oldest = chats.existingGroup(alice.id(), List.of(People.create("bob").id()));
        for (int i = 0; i < 100; i++) {
            chats.existingGroup(alice.id(), List.of());
        }
        try (var socket = alice.connect()) {
            socket.send("{\"type\":\"get_my_chats\"}");
            var first = socket.next("my_chats");
            assertThat(first.path("chats").findValuesAsText("id")).hasSize(100).doesNotContain(oldest.toString());
            socket.send("{\"type\":\"get_chat_status\"}");
            assertThat(socket.next("chat_status").path("chats").findValuesAsText("chat_id"))
                    .hasSize(101).contains(oldest.toString());

            // the next page, after the first page's last chat
            socket.send("type", "get_my_chats", "after", first.path("next_after").asText());
            var second = socket.next("my_chats");
            assertThat(second.path("chats").findValuesAsText("id")).containsExactly(oldest.toString());
            assertThat(second.path("next_after").isMissingNode() || second.path("next_after").isNull()).isTrue();
            socket.send("type", "get_my_chats", "limit", 501);
            assertThat(socket.next("error").path("code").asText()).isEqualTo("invalid_field");
        }
    }

    @Test
    void aChatListLargerThanTheOutboundLimitReachesAClientThatKeepsUp() {
        var alice = People.create("alice");
        var groups = IntStream.range(0, 3).mapToObj(i -> chats.existingGroup(alice.id(),
                Stream.generate(UUID::randomUUID).limit(15_000).toList())).toList();
        try (var socket = alice.connect()) {
            socket.send("{\"type\":\"get_my_chats\"}");
            var mine = socket.next(frame -> frame.path("type").asText().equals("my_chats"), "my_chats",
                    Duration.ofSeconds(30));
            assertThat(mine.toString().length()).as("bytes of the reply").isGreaterThan(2 * 1024 * 1024);
            assertThat(mine.path("chats").findValuesAsText("id"))
                    .containsExactlyInAnyOrderElementsOf(groups.stream().map(UUID::toString).toList());
            socket.send("{\"type\":\"ping\"}");
            socket.next("pong"); // still open
        }
    }

    @Test
    void statusAndChatStatusShowWhoIsOnlineAwayOrOffline() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        var chat = chats.group(alice.id(), bob.id(), carol.id());
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            bobSocket.send("type", "status", "status", "away");
            var away = aliceSocket.next(e -> e.path("type").asText().equals("user_status")
                    && e.path("status").asText().equals("away"), "bob away");
            assertThat(away.path("user_id").asText()).isEqualTo(bob.id().toString());
            assertThat(away.path("last_seen").asText()).isNotBlank();

            aliceSocket.send("type", "get_chat_status", "chat_id", chat);
            var status = aliceSocket.next("chat_status");
            var members = status.path("chats").get(0).path("members");
            assertThat(status.path("chats").get(0).path("chat_id").asText()).isEqualTo(chat.toString());
            assertThat(statusOf(members, alice.id())).isEqualTo("online");
            assertThat(statusOf(members, bob.id())).isEqualTo("away");
            assertThat(statusOf(members, carol.id())).isEqualTo("offline");

            aliceSocket.send("{\"type\":\"get_chat_status\"}");
            assertThat(aliceSocket.next("chat_status").path("chats")).hasSize(1);

            bobSocket.send("type", "status", "status", "sleeping");
            assertThat(bobSocket.next("error").path("code").asText()).isEqualTo("invalid_field");
        }
    }

    private static String statusOf(com.fasterxml.jackson.databind.JsonNode members, UUID user) {
        for (var member : members) {
            if (member.path("user_id").asText().equals(user.toString())) {
                return member.path("status").asText();
            }
        }
        return "absent";
    }
}
