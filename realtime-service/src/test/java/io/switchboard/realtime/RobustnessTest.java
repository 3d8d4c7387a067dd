package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.DataInputStream;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import jakarta.inject.Inject;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;
import io.switchboard.devstack.TestSocket;

/** Bad input gets an error and the socket stays open; floods and slow readers are bounded. */
@QuarkusTest
class RobustnessTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Test
    void badFramesGetAnErrorWithAStableCodeAndTheSocketStaysOpen() {
        var alice = People.create("alice");
        var strangers = chats.group(People.create("bob").id(), People.create("carol").id());
        try (var socket = alice.connect()) {
            assertError(socket, "{not json", "malformed_json");
            assertError(socket, "\"just a string\"", "malformed_json");
            assertError(socket, "{\"chat_id\":\"x\"}", "missing_field");
            assertError(socket, "{\"type\":\"fly\"}", "unknown_type");
            assertError(socket, "{\"type\":\"send_message\",\"content\":\"hi\"}", "missing_field");
            assertError(socket, "{\"type\":\"typing\",\"chat_id\":\"nope\",\"is_typing\":true}", "invalid_field");
            assertError(socket, "{\"type\":\"typing\",\"chat_id\":\"" + strangers + "\",\"is_typing\":true}",
                    "chat_not_found");
            assertError(socket, "{\"type\":\"send_message\",\"chat_id\":\"" + strangers + "\",\"content\":\"x\"}",
                    "chat_not_found");
            assertError(socket, "{\"type\":\"join_chat\",\"chat_id\":\"" + strangers + "\"}", "chat_not_found");
            assertError(socket, "{\"type\":\"leave_chat\",\"chat_id\":\"" + strangers + "\"}", "chat_not_found");
            assertError(socket, "{\"type\":\"get_chat_status\",\"chat_id\":\"" + UUID.randomUUID() + "\"}",
                    "chat_not_found");
            assertError(socket, "{\"type\":\"ping\",\"pad\":\"" + "x".repeat(70_000) + "\"}", "frame_too_large");

            socket.sendBinary("{\"type\":\"ping\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8));
            assertThat(socket.next("error").path("code").asText()).as("a binary frame").isEqualTo("malformed_json");

            socket.send("{\"type\":\"ping\"}");
            assertThat(socket.next("pong")).isNotNull();
            assertThat(socket.isClosed()).isFalse();
        }
    }

    /**
     * A frame beyond what the server reads at all (above 1 MiB, far past {@code frame_too_large})
     * closes the socket with 1009 "message too big", a close the client can act on, never a
     * dropped connection. The JDK's client splits a long message into frames, so this one writes
     * the frame's header itself: the server refuses it from the length the header announces.
     */
    @Test
    void aFrameBeyondTheReadLimitClosesTheSocketWith1009() throws Exception {
        var alice = People.create("alice");
        try (var socket = new Socket("localhost", 18083)) {
            socket.setSoTimeout(10_000);
            var out = socket.getOutputStream();
            var in = new DataInputStream(socket.getInputStream());
            out.write(("GET /ws?token=" + alice.token() + " HTTP/1.1\r\nHost: localhost:18083\r\n"
                    + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Version: 13\r\n"
                    + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            assertThat(readHead(in)).startsWith("HTTP/1.1 101");

            var header = ByteBuffer.allocate(14).put((byte) 0x81).put((byte) (0x80 | 127)).putLong(1_500_000)
                    .putInt(0x01020304); // FIN + text, masked, 64-bit length, mask
            out.write(header.array());
            out.write(new byte[4096]); // the start of the payload: the length alone is refused
            out.flush();

            assertThat(closeCodeOfFirstCloseFrame(in)).isEqualTo(1009);
        }
    }

    private static String readHead(DataInputStream in) throws IOException {
        var head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            head.append((char) in.readUnsignedByte());
        }
        return head.toString();
    }

    /** Skips the server's frames (connected, ...) up to its close frame, and reads its code. */
    private static int closeCodeOfFirstCloseFrame(DataInputStream in) throws IOException {
        while (true) {
            int opcode = in.readUnsignedByte() & 0x0F;
            long length = in.readUnsignedByte() & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            if (opcode == 0x8) {
                return in.readUnsignedShort();
            }
            in.skipNBytes(length);
        }
    }

    @Test
    void errorsNameTheRequestTheyAnswer() {
        var alice = People.create("alice");
        var strangers = chats.group(People.create("bob").id());
        try (var socket = alice.connect()) {
            socket.send("type", "typing", "chat_id", strangers, "is_typing", true);
            var error = socket.next("error");
            assertThat(error.path("request_type").asText()).isEqualTo("typing");
            assertThat(error.path("chat_id").asText()).isEqualTo(strangers.toString());
            assertThat(error.path("message").asText()).isNotBlank();
            assertThat(error.toString()).doesNotContain("Exception", "\tat ");
        }
    }

    @Test
    void aBurstAboveTheRateLimitGetsAnErrorAndTheSocketStaysOpen() {
        try (var socket = People.create("alice").connect()) {
            for (int i = 0; i < 60; i++) {
                socket.send("{\"type\":\"ping\"}");
            }
            assertThat(socket.next("error").path("code").asText()).isEqualTo("rate_limited");
            assertThat(socket.all("pong", Duration.ofMillis(500)).size()).isBetween(35, 50);

            Awaitility.await().atMost(Duration.ofSeconds(5)).pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
                socket.send("{\"type\":\"ping\"}");
                assertThat(socket.all("pong", Duration.ofMillis(100))).isNotEmpty();
            });
            assertThat(socket.isClosed()).isFalse();
        }
    }

    @Test
    void aSustainedFloodClosesTheSocketWith1008() {
        try (var socket = People.create("alice").connect()) {
            for (int i = 0; i < 400 && !socket.isClosed(); i++) {
                try {
                    socket.send("{\"type\":\"ping\"}");
                } catch (java.util.concurrent.CompletionException closedMidFlood) {
                    break; // the server closed the socket between our check and this frame: what we wait for
                }
            }
            assertThat(socket.closeCode(Duration.ofSeconds(10))).isEqualTo(1008);
        }
    }

    @Test
    void aSlowReaderLosesTypingFirstThenIsClosedWhileOthersGetEverything() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var slow = People.create("slow");
        var chat = chats.group(alice.id(), bob.id(), slow.id());
        double droppedBefore = Metrics.value("switchboard_ws_frames_dropped_total{type=\"typing\"");
        double closedBefore = Metrics.value("switchboard_ws_closed_total{reason=\"slow_consumer\"");
        var big = "x".repeat(60_000);
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect(); var reader = new SilentPeer(slow.token())) {
            var published = new AtomicInteger();
            // Publish big events (and toggle typing) until the slow reader's queue overflows.
            Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
                for (int i = 0; i < 20; i++) {
                    chats.publish(bigMessage(chat, alice.id(),
                            1_000_000 + published.incrementAndGet(), big));
                }
                aliceSocket.send("type", "typing", "chat_id", chat, "is_typing", published.get() % 40 == 20);
                return Metrics.value("switchboard_ws_closed_total{reason=\"slow_consumer\"") > closedBefore;
            });
            assertThat(published.get()).as("events published before the slow reader was closed").isLessThan(2_000);
            assertThat(Metrics.value("switchboard_ws_frames_dropped_total{type=\"typing\"")).isGreaterThan(droppedBefore);

            var received = bobSocket.all("new_message", Duration.ofSeconds(3)).size();
            assertThat(received).as("the reading member gets every event").isEqualTo(published.get());
        }
    }

    private static ChatEvent bigMessage(UUID chat, UUID sender, long seq, String content) {
        var message = new MessageView(UUID.randomUUID(), chat, seq, sender, content, "text", Instant.now(), null, false);
        return ChatEvent.of(chat, seq, sender, new ChatEventData.MessageCreated(message), Instant.now());
    }

    private static void assertError(TestSocket socket, String frame, String code) {
        socket.send(frame);
        assertThat(socket.next("error").path("code").asText()).as(frame.length() > 100 ? "large frame" : frame)
                .isEqualTo(code);
    }

    @Test
    void aSocketFloodingMessagesThatWaitBehindAResumeIsClosedWith1008() {
        var bob = People.create("bob");
        var chat = chats.group(People.create("alice").id(), bob.id());
        try (var socket = bob.connect(); var replay = replayThatWaits(socket, chat)) {
            for (int i = 0; i < 150; i++) {
                socket.send("{\"type\":\"ping\"}");
            }
            assertThat(socket.closeCode(Duration.ofSeconds(10))).isEqualTo(1008);
        }
    }

    @Test
    void aSocketWithAFewMessagesWaitingBehindAResumeKeepsItAndEachIsAnsweredAfterIt() {
        var bob = People.create("bob");
        var chat = chats.group(People.create("alice").id(), bob.id());
        try (var socket = bob.connect()) {
            try (var replay = replayThatWaits(socket, chat)) {
                for (int i = 0; i < 30; i++) {
                    socket.send("{\"type\":\"ping\"}");
                }
                socket.expectNone("pong", Duration.ofMillis(300)); // they wait behind the replay
            }
            socket.next("resumed");
            assertThat(socket.all("pong", Duration.ofSeconds(5))).hasSize(30);
            assertThat(socket.isClosed()).isFalse();
        }
    }

    /** A replay held up until closed: the socket's next messages wait behind it. */
    private interface WaitingReplay extends AutoCloseable {
        @Override
        void close();
    }

    /** Sends {@code resume} for the chat while chat-service's events API answers 503, once it was asked. */
    private WaitingReplay replayThatWaits(TestSocket socket, UUID chat) {
        chats.eventsUnavailable(true);
        try {
            int asked = chats.eventsAsked();
            socket.send("type", "resume", "chats", java.util.Map.of(chat, 0));
            Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> chats.eventsAsked() > asked);
        } catch (RuntimeException | AssertionError e) {
            chats.eventsUnavailable(false); // the other tests need chat-service answering
            throw e;
        }
        return () -> chats.eventsUnavailable(false);
    }
}
