package io.switchboard.realtime.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.config.TestConfig;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.Frame;
import io.switchboard.realtime.socket.RecordingSocket;
import io.switchboard.realtime.socket.TokenBucket;

/**
 * Admission: frames over the rate limit or the size limit, or unreadable, are answered with an
 * error and never carried out; what a handler refuses or fails at becomes an error naming the
 * request, its chat and its client id; answers are sent; the opening hold ends with the first
 * frame, after a resume's chats are held.
 */
class RequestsTest {

    private static final ProtocolCodec CODEC = new ProtocolCodec();

    private final UUID user = UUID.randomUUID();
    private final UUID chat = UUID.randomUUID();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final DeliveryMetrics metrics = new DeliveryMetrics(registry);
    private final List<ClientMessage> dispatched = new ArrayList<>();
    private Function<ClientMessage, ServerEvent> handlers = message -> null;
    private final Dispatcher dispatcher = new Dispatcher(null, null, null, null, null, null, null) {
        @Override
        ServerEvent dispatch(ClientSession session, ClientMessage message) {
            dispatched.add(message);
            return handlers.apply(message);
        }
    };
    private final RecordingSocket socket = new RecordingSocket(user);
    private final Requests requests = requests(TestConfig.defaults());

    @Test
    void aMessageIsDecodedCarriedOutAndAnsweredWithWhatItsHandlerReturns() {
        var pong = new ServerEvent.Pong(Instant.parse("2030-01-01T00:00:00Z"));
        handlers = message -> message instanceof ClientMessage.Ping ? pong : null;

        requests.handle(socket.session, "{\"type\":\"ping\"}");
        requests.handle(socket.session, "{\"type\":\"leave_chat\",\"data\":{\"chat_id\":\"" + chat + "\"}}");

        assertThat(dispatched).containsExactly(new ClientMessage.Ping(), new ClientMessage.LeaveChat(chat));
        assertThat(socket.written).as("leave_chat has no answer").containsExactly(CODEC.encode(pong));
    }

    @Test
    void aRefusalIsAnsweredWithTheHandlersCodeNamingTheRequestItsChatAndItsClientMessageId() {
        handlers = message -> {
            throw new ProtocolException("chat_not_found", "No such chat among yours.", "from elsewhere");
        };

        requests.handle(socket.session, "{\"type\":\"send_message\",\"chat_id\":\"" + chat
                + "\",\"content\":\"hi\",\"client_message_id\":\"c-1\"}");
        requests.handle(socket.session, "{\"type\":\"mark_read\",\"chat_id\":\"" + chat + "\"}");
        requests.handle(socket.session, "{\"type\":\"get_chat_status\"}");
        requests.handle(socket.session, "{\"type\":\"get_my_chats\",\"limit\":5}");

        assertThat(errors()).containsExactly(
                error("chat_not_found", "No such chat among yours.", "send_message", chat, "c-1"),
                error("chat_not_found", "No such chat among yours.", "read_messages", chat, null),
                error("chat_not_found", "No such chat among yours.", "get_chat_status", null, null),
                error("chat_not_found", "No such chat among yours.", "get_my_chats", null, null));
        assertThat(socket.closes).isEmpty();
        assertThat(refused("chat_not_found")).isEqualTo(4);
    }

    @Test
    void aFailureIsAnsweredWithInternalErrorAndTheSocketStaysOpen() {
        handlers = message -> {
            throw new IllegalStateException("the handler broke");
        };

        requests.handle(socket.session, "{\"type\":\"typing\",\"chat_id\":\"" + chat + "\",\"is_typing\":true}");

        assertThat(errors()).containsExactly(
                error("internal_error", "Something went wrong; try again.", "typing", chat, null));
        assertThat(socket.closes).isEmpty();
        assertThat(socket.session.isClosing()).isFalse();
    }

    @Test
    void anUnreadableFrameIsAnsweredWithTheDecodersCodeAndNotCarriedOut() {
        requests.handle(socket.session, "not json");
        requests.handle(socket.session, "{\"type\":\"teleport\"}");
        requests.handle(socket.session, "{\"type\":\"typing\",\"chat_id\":\"" + chat + "\"}");

        assertThat(errors()).containsExactly(
                error("malformed_json", "The frame is not valid JSON.", null, null, null),
                error("unknown_type", "Unknown message type 'teleport'.", "teleport", null, null),
                error("missing_field", "'typing' needs the field 'is_typing'.", "typing", null, null));
        assertThat(dispatched).isEmpty();
    }

    @Test
    void aFrameAboveTheSizeLimitInCharactersOrInUtf8BytesIsRefusedUnread() {
        var requests = requests(TestConfig.with(Map.of("frames.maxSize", 100)));
        var prefix = "{\"type\":\"ping\",\"pad\":\"";

        requests.handle(socket.session, prefix + "x".repeat(100 - prefix.length() - 2) + "\"}"); // 100 bytes
        requests.handle(socket.session, prefix + "x".repeat(100 - prefix.length() - 1) + "\"}"); // 101
        requests.handle(socket.session, prefix + "é".repeat(40) + "\"}"); // 63 characters, 103 bytes
        requests.tooLarge(socket.session); // as the transport reports it

        assertThat(dispatched).hasSize(1);
        var tooLarge = error("frame_too_large", "Frames may be at most 100 bytes.", null, null, null);
        assertThat(errors()).containsExactly(tooLarge, tooLarge, tooLarge);
    }

    @Test
    void aFloodIsAnsweredOnTheFirstRefusalAndEveryTwentiethThenClosed() {
        var flooding = new RecordingSocket(user, new TokenBucket(0, 1, System.nanoTime())); // one frame, never more
        var requests = requests(TestConfig.with(Map.of("rateLimit.closeAfter", 45)));

        requests.handle(flooding.session, "{\"type\":\"ping\"}");
        for (int refused = 1; refused < 45; refused++) {
            requests.handle(flooding.session, "{\"type\":\"ping\"}");
        }
        assertThat(dispatched).hasSize(1);
        var slowDown = error("rate_limited", "Too many frames; slow down.", null, null, null);
        assertThat(errors(flooding)).as("refusals 1, 21 and 41").containsExactly(slowDown, slowDown, slowDown);
        assertThat(refused("rate_limited")).as("every refusal counted").isEqualTo(44);
        assertThat(flooding.closes).isEmpty();

        requests.binary(flooding.session); // binary frames count against the same limit
        assertThat(flooding.closes).singleElement().satisfies(reason -> {
            assertThat(reason.getCode()).isEqualTo(CloseCodes.POLICY_VIOLATION);
            assertThat(reason.getMessage()).isEqualTo("rate limit exceeded");
        });
        assertThat(registry.get("switchboard.ws.closed").tag("reason", "flood").counter().count()).isEqualTo(1);
        assertThat(errors(flooding)).hasSize(3);
    }

    @Test
    void aBinaryFrameIsRefusedAsNotJsonText() {
        requests.binary(socket.session);

        assertThat(errors()).containsExactly(error("malformed_json", "Frames must be JSON text.", null, null, null));
        assertThat(dispatched).isEmpty();
    }

    @Test
    void theFirstFrameEndsTheOpeningHoldEvenWhenRefused() {
        socket.session.deliver(frame("held"), chat, 1, null);
        assertThat(socket.written).isEmpty();

        requests.handle(socket.session, "not json");

        assertThat(socket.written).contains("held");
        assertThat(socket.session.isOpening()).isFalse();
    }

    @Test
    void aFirstResumeHoldsItsChatsBeforeTheOpeningHoldEndsSoNoLiveEventOvertakesTheReplay() {
        var other = UUID.randomUUID();
        socket.session.deliver(frame("live in the resumed chat"), chat, 5, null);
        socket.session.deliver(frame("live in another chat"), other, 7, null);
        var writtenBeforeTheReplay = new ArrayList<String>();
        handlers = message -> {
            writtenBeforeTheReplay.addAll(socket.written);
            return null;
        };

        requests.handle(socket.session, "{\"type\":\"resume\",\"chats\":{\"" + chat + "\":0}}");

        assertThat(dispatched).singleElement().isInstanceOf(ClientMessage.Resume.class);
        assertThat(writtenBeforeTheReplay).containsExactly("live in another chat");
        assertThat(socket.session.endResume(chat, 4)).isEqualTo(5);
        assertThat(socket.written).endsWith("live in the resumed chat");
    }

    private Requests requests(RealtimeConfig config) {
        return new Requests(dispatcher, new Replies(new EventFrames(), metrics), metrics, config);
    }

    private List<String> errors() {
        return errors(socket);
    }

    /** The error frames written, as text, their time left out (see {@link #error}). */
    private static List<String> errors(RecordingSocket socket) {
        return socket.written.stream()
                .filter(text -> text.contains("\"type\":\"error\""))
                .map(RequestsTest::timeless)
                .toList();
    }

    /** An error frame as the codec encodes it, its time left out: the rest must match byte for byte. */
    private static String error(String code, String message, String requestType, UUID chatId,
                                String clientMessageId) {
        return timeless(CODEC.encode(new ServerEvent.Error(code, message, requestType, chatId, clientMessageId,
                Instant.now())));
    }

    private static String timeless(String frame) {
        return frame.replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"-\"");
    }

    private double refused(String code) {
        return registry.get("switchboard.ws.frames.refused").tag("code", code).counter().count();
    }

    private static Frame frame(String text) {
        return Frame.of("new_message", text, false, Instant.now());
    }
}
