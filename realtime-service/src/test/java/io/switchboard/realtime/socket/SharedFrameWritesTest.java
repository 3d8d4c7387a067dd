package io.switchboard.realtime.socket;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.realtime.DevStackResources;
import io.switchboard.realtime.People;
import io.switchboard.realtime.StubChats;

/**
 * Chat events go to sockets as one WebSocket frame encoded once and written straight to each
 * socket's channel: every length form of the frame header (7-bit, 16-bit, 64-bit) and multi-byte
 * UTF-8 arrive intact, on every member's socket.
 */
@QuarkusTest
class SharedFrameWritesTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Inject
    Sessions sessions;

    @Test
    void socketsAreWrittenThroughTheirChannel() {
        var alice = People.create("alice");
        try (var socket = alice.connect()) {
            assertThat(sessions.of(alice.id())).isNotEmpty()
                    .allSatisfy(session -> assertThat(session.writesToChannel())
                            .as("the upgrade found the socket's channel").isTrue());
        }
    }

    @Test
    void framesOfEverySizeArriveIntactOnEverySocket() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            long seq = 100;
            for (var content : List.of("hi", "ü€𝄞 ".repeat(20), "x".repeat(1_000), "é".repeat(40_000),
                    "y".repeat(70_000))) {
                chats.publish(message(chat, alice.id(), ++seq, content));
                for (var socket : List.of(aliceSocket, bobSocket)) {
                    var event = socket.next("new_message");
                    assertThat(event.path("event_seq").asLong()).isEqualTo(seq);
                    assertThat(event.path("message").path("content").asText()).isEqualTo(content);
                }
            }
        }
    }

    private static ChatEvent message(UUID chat, UUID sender, long seq, String content) {
        var message = new MessageView(UUID.randomUUID(), chat, seq, sender, content, "text", Instant.now(), null, false);
        return ChatEvent.of(chat, seq, sender, new ChatEventData.MessageCreated(message), Instant.now());
    }
}
