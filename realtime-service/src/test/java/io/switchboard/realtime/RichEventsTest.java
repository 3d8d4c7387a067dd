package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.quarkus.test.junit.QuarkusTest;

/** Reactions and pins reach members live and on resume; a socket's send carries replies, mentions and files. */
@QuarkusTest
class RichEventsTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Test
    void reactionsAndPinsReachMembersLiveAndOnResume() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        long seen;
        try (var socket = bob.connect()) {
            var message = chats.send(chat, alice.id(), "react to me");
            seen = socket.next("new_message").path("event_seq").asLong();
            chats.react(chat, message, alice.id(), "👍", 1, true);
            assertReaction(socket.next("reaction_added"), chat, seen + 1, message.id(), message.seq(), "👍", alice.id(), 1);
            chats.pin(chat, message, alice.id(), true);
            var pinned = socket.next("message_pinned");
            assertThat(pinned.path("message_id").asText()).isEqualTo(message.id().toString());
            assertThat(pinned.path("seq").asLong()).isEqualTo(message.seq());
            assertThat(pinned.path("user_id").asText()).isEqualTo(alice.id().toString());
            assertThat(pinned.path("event_seq").asLong()).isEqualTo(seen + 2);
            seen = seen + 2;

            chats.react(chat, message, alice.id(), "👍", 0, false);
            chats.pin(chat, message, bob.id(), false);
            assertReaction(socket.next("reaction_removed"), chat, seen + 1, message.id(), message.seq(), "👍",
                    alice.id(), 0);
            assertThat(socket.next("message_unpinned").path("user_id").asText()).isEqualTo(bob.id().toString());
        }
        try (var socket = bob.connect()) {
            socket.send("type", "resume", "chats", Map.of(chat, seen));
            assertThat(socket.next("reaction_removed").path("event_seq").asLong()).isEqualTo(seen + 1);
            assertThat(socket.next("message_unpinned").path("event_seq").asLong()).isEqualTo(seen + 2);
            assertThat(socket.next("resumed").path("chats").path(chat.toString()).asLong()).isEqualTo(seen + 2);
        }
    }

    @Test
    void aSendOverTheSocketPassesItsReplyMentionsAndFilesToChatService() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        var original = UUID.randomUUID();
        var file = UUID.randomUUID();
        try (var socket = alice.connect()) {
            socket.send("type", "send_message", "chat_id", chat, "content", "see @bob", "reply_to", original,
                    "mentions", List.of(bob.id()), "attachment_ids", List.of(file), "client_message_id", "c-rich");
            socket.next("message_sent");
        }
        var body = StubChatServiceResource.lastSend;
        assertThat(body.path("reply_to").asText()).isEqualTo(original.toString());
        assertThat(body.path("mentions").get(0).asText()).isEqualTo(bob.id().toString());
        assertThat(body.path("attachment_ids").get(0).asText()).isEqualTo(file.toString());
        assertThat(body.path("client_message_id").asText()).isEqualTo("c-rich");
    }

    private static void assertReaction(JsonNode event, UUID chat, long eventSeq, UUID messageId, long messageSeq,
                                       String emoji, UUID user, int count) {
        assertThat(event.path("chat_id").asText()).isEqualTo(chat.toString());
        assertThat(event.path("event_seq").asLong()).isEqualTo(eventSeq);
        assertThat(event.path("message_id").asText()).isEqualTo(messageId.toString());
        assertThat(event.path("seq").asLong()).isEqualTo(messageSeq);
        assertThat(event.path("emoji").asText()).isEqualTo(emoji);
        assertThat(event.path("user_id").asText()).isEqualTo(user.toString());
        assertThat(event.path("count").asInt()).isEqualTo(count);
        assertThat(event.path("timestamp").asText()).isNotBlank();
    }
}
