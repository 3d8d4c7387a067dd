package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/** {@code resume}: what a client missed while away, from chat-service's event log, in order. */
@QuarkusTest
class ResumeTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Test
    void aReplayLongerThanTheOutboundLimitGoesAtThePaceOfAClientThatPausedReading() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        var text = backlog(chat, alice);
        try (var socket = bob.connect()) {
            socket.stopReading();
            socket.send("type", "resume", "chats", Map.of(chat, 0));
            socket.expectNone("none", Duration.ofSeconds(2)); // the replay fills every buffer meanwhile (tests: 4 s of patience)
            assertThat(socket.isClosed()).as("closed while the client paused").isFalse();

            socket.resumeReading();
            for (int i = 0; i < 2_000; i++) {
                var event = socket.next(e -> e.path("type").asText().equals("new_message"), "replayed message " + i);
                assertThat(event.path("message").path("content").asText()).isEqualTo(text + i);
            }
            socket.next("resumed");
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void liveEventsDuringALongPacedReplayComeAfterItInOrderAndTheSocketStaysOpen() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        var text = backlog(chat, alice);
        try (var watcher = alice.connect(); var socket = RealtimeUrl.connect(bob.token())) {
            socket.next("connected");
            socket.stopReading();
            socket.send("type", "resume", "chats", Map.of(chat, 0)); // the first frame, as clients send it
            for (int i = 0; i < 600; i++) { // 2.4 MB of live events while the replay waits for the client
                chats.send(chat, alice.id(), text + "live " + i);
            }
            watcher.next(e -> e.path("type").asText().equals("new_message")
                    && e.path("message").path("content").asText().endsWith("live 599"), "the last live one, routed");
            socket.resumeReading();

            for (int i = 0; i < 2_000; i++) {
                assertThat(socket.next("new_message").path("message").path("content").asText()).isEqualTo(text + i);
            }
            for (int i = 0; i < 600; i++) {
                assertThat(socket.next("new_message").path("message").path("content").asText())
                        .isEqualTo(text + "live " + i);
            }
            assertThat(socket.next("resumed").path("chats").path(chat.toString()).asLong()).isEqualTo(2_601);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void aClientThatTakesNothingOfAReplayIsClosedAsASlowConsumer() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        backlog(chat, alice);
        double closedBefore = Metrics.value("switchboard_ws_closed_total{reason=\"slow_consumer\"");
        try (var socket = bob.connect()) {
            socket.stopReading();
            socket.send("type", "resume", "chats", Map.of(chat, 0));
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() ->
                    Metrics.value("switchboard_ws_closed_total{reason=\"slow_consumer\"") > closedBefore);
        }
    }

    /**
     * 2,000 messages of 4 KB in the chat's log (8 MB: past the hard limit and what the kernel
     * buffers), sent before anyone here connected: none comes live. Their text.
     */
    private String backlog(UUID chat, People sender) {
        var text = "x".repeat(4_000);
        for (int i = 0; i < 2_000; i++) {
            chats.sentBefore(chat, sender.id(), text + i);
        }
        return text;
    }

    @Test
    void resumeReplaysEveryMissedEventInOrderThenSaysResumed() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        var other = chats.group(bob.id(), alice.id());
        long seen;
        try (var socket = bob.connect()) {
            chats.send(chat, alice.id(), "seen");
            seen = socket.next("new_message").path("event_seq").asLong();
        }
        UUID removedMessageId;
        try (var watcher = alice.connect()) {
            for (int i = 0; i < 1_200; i++) { // more than two pages of replay
                chats.send(chat, alice.id(), "missed " + i);
            }
            var removedMessage = chats.send(other, alice.id(), "in the other chat");
            removedMessageId = removedMessage.id();
            chats.delete(other, removedMessageId, alice.id());
            // Once alice has the last event of each chat, every event was routed: none is still on
            // its way to bob's next socket as a live event.
            watcher.next(e -> e.path("type").asText().equals("new_message")
                    && e.path("message").path("content").asText().equals("missed 1199"), "the last missed message");
            watcher.next("message_deleted");
        }

        try (var socket = bob.connect()) {
            socket.send("type", "resume", "chats", Map.of(chat, seen, other, 1));
            var sequences = new ArrayList<Long>();
            for (int i = 0; i < 1_200; i++) {
                var event = socket.next(e -> e.path("type").asText().equals("new_message")
                        && e.path("chat_id").asText().equals(chat.toString()), "replayed message " + i);
                sequences.add(event.path("event_seq").asLong());
                assertThat(event.path("message").path("content").asText()).isEqualTo("missed " + i);
            }
            for (int i = 0; i < sequences.size(); i++) {
                assertThat(sequences.get(i)).isEqualTo(seen + 1 + i);
            }
            assertThat(socket.next("new_message").path("chat_id").asText()).isEqualTo(other.toString());
            assertThat(socket.next("message_deleted").path("message_id").asText())
                    .isEqualTo(removedMessageId.toString());

            var resumed = socket.next("resumed");
            assertThat(resumed.path("chats").path(chat.toString()).asLong()).isEqualTo(seen + 1_200);
            assertThat(resumed.path("chats").path(other.toString()).asLong()).isEqualTo(3);
        }
    }

    @Test
    void aLastSeqThatIsNegativeOrNullReplaysTheChatFromItsStart() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var negative = chats.group(alice.id(), bob.id());
        var none = chats.group(alice.id(), bob.id());
        for (var chat : java.util.List.of(negative, none)) {
            chats.send(chat, alice.id(), "first in " + chat);
        }
        try (var socket = bob.connect()) {
            socket.send("{\"type\":\"resume\",\"chats\":{\"" + negative + "\":-5,\"" + none + "\":null}}");
            var resumed = socket.next("resumed");
            assertThat(resumed.path("chats").path(negative.toString()).asLong()).isEqualTo(2);
            assertThat(resumed.path("chats").path(none.toString()).asLong()).isEqualTo(2);
            for (var chat : java.util.List.of(negative, none)) {
                assertThat(socket.next(e -> e.path("type").asText().equals("new_message")
                        && e.path("chat_id").asText().equals(chat.toString()), "the first message of " + chat)
                        .path("message").path("content").asText()).isEqualTo("first in " + chat);
            }
        }
    }

    @Test
    void liveEventsDuringAResumeComeAfterTheReplayWithoutDuplicates() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        for (int i = 0; i < 1_000; i++) {
            chats.send(chat, alice.id(), "before " + i);
        }
        try (var socket = RealtimeUrl.connect(bob.token())) {
            socket.next("connected");
            var sent = new AtomicInteger();
            var writer = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 100; i++) {
                    chats.send(chat, alice.id(), "during " + i);
                    sent.incrementAndGet();
                }
            });
            // Live events are already flowing when the resume arrives.
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> sent.get() >= 10);
            socket.send("type", "resume", "chats", Map.of(chat, 1));
            writer.join();
            long expected = 2;
            long last = 1 + 1_000 + 100;
            while (expected <= last) {
                var event = socket.next("new_message");
                assertThat(event.path("event_seq").asLong()).as("next in order, no repeat").isEqualTo(expected);
                expected++;
            }
            socket.expectNone("new_message", Duration.ofMillis(500));
        }
    }

    @Test
    void aGapOlderThanTheLogAsksForAResync() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        for (int i = 0; i < 10; i++) {
            chats.send(chat, alice.id(), "m" + i);
        }
        chats.trimLog(chat, 5);
        try (var socket = bob.connect()) {
            socket.send("type", "resume", "chats", Map.of(chat, 2));
            assertThat(socket.next("resync_required").path("chat_id").asText()).isEqualTo(chat.toString());
            var resumed = socket.next("resumed");
            assertThat(resumed.path("chats").has(chat.toString())).isFalse();
            // Nothing is replayed; events still on their way when the socket opened may arrive live.
        }
    }

    @Test
    void aChatTheUserIsNotInGetsAnErrorAndTheOthersStillResume() {
        var bob = People.create("bob");
        var mine = chats.group(bob.id(), People.create("alice").id());
        var notMine = chats.group(People.create("carol").id());
        try (var socket = bob.connect()) {
            socket.send("type", "resume", "chats", Map.of(notMine, 0, mine, 0));
            var error = socket.next("error");
            assertThat(error.path("code").asText()).isEqualTo("chat_not_found");
            assertThat(error.path("chat_id").asText()).isEqualTo(notMine.toString());
            assertThat(socket.next("chat_created").path("chat_id").asText()).isEqualTo(mine.toString());
            assertThat(socket.next("resumed").path("chats").path(mine.toString()).asLong()).isEqualTo(1);
        }
    }

    @Test
    void aReplayWaitsOutAChatServiceThatDoesNotAnswerAndTheLiveEventsStillFollowIt() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var aliceSocket = alice.connect()) {
            for (int i = 0; i < 5; i++) {
                chats.send(chat, alice.id(), "before " + i); // seqs 2 to 6
            }
            // routed before bob connects, so that they reach him only by the replay
            aliceSocket.next(frame -> frame.path("event_seq").asLong() == 6, "the last of them, live");
        }
        try (var socket = bob.connect()) {
            chats.eventsUnavailable(true);
            try {
                int asked = chats.eventsAsked();
                socket.send("type", "resume", "chats", Map.of(chat, 1));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> chats.eventsAsked() >= asked + 2);
                for (int i = 0; i < 5; i++) {
                    chats.send(chat, alice.id(), "during " + i); // seqs 7 to 11, live while the replay waits
                }
                socket.expectNone("new_message", Duration.ofMillis(500));
            } finally {
                chats.eventsUnavailable(false);
            }
            for (long seq = 2; seq <= 11; seq++) {
                assertThat(socket.next("new_message").path("event_seq").asLong()).as("next in order, no repeat")
                        .isEqualTo(seq);
            }
            assertThat(socket.next("resumed").path("chats").path(chat.toString()).asLong()).isEqualTo(11);
            socket.expectNone("error", Duration.ofMillis(100));
            socket.expectNone("new_message", Duration.ofMillis(300));
        }
    }

    @Test
    void typingInAChatBeingResumedIsNotHeldBehindTheReplayNorLostAtItsEnd() {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var chat = chats.group(alice.id(), bob.id());
        try (var bobSocket = bob.connect(); var aliceSocket = alice.connect()) {
            chats.eventsUnavailable(true); // the replay waits for chat-service
            try {
                int asked = chats.eventsAsked();
                bobSocket.send("type", "resume", "chats", Map.of(chat, 0));
                Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> chats.eventsAsked() > asked);
                aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", true);
                assertThat(bobSocket.next("typing").path("user_id").asText()).isEqualTo(alice.id().toString());
            } finally {
                chats.eventsUnavailable(false);
            }
            bobSocket.next("resumed");
        }
    }
}
