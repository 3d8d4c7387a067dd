package io.switchboard.contracts.realtime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

class ProtocolCodecTest {

    private final ProtocolCodec codec = new ProtocolCodec();
    private final UUID chat = UUID.fromString("5c7f2a4e-0f6b-4c1e-9f1e-2d2d8d4a9b10");

    @Test
    void flatAndSeedFormsDecodeToTheSameMessage() {
        var flat = codec.decode("{\"type\":\"typing\",\"chat_id\":\"" + chat + "\",\"is_typing\":true}");
        var seed = codec.decode("{\"type\":\"typing\",\"data\":{\"chat_id\":\"" + chat + "\",\"is_typing\":true}}");

        assertThat(flat).isEqualTo(new ClientMessage.Typing(chat, true)).isEqualTo(seed);
    }

    @Test
    void aliasesDecodeToTheirMessage() {
        assertThat(codec.decode("{\"type\":\"mark_read\",\"data\":{\"chat_id\":\"" + chat + "\"}}"))
                .isEqualTo(new ClientMessage.ReadMessages(chat, null));
        assertThat(codec.decode("{\"type\":\"get_my_chats\",\"data\":{}}")).isEqualTo(new ClientMessage.GetMyChats(null, null));
    }

    @Test
    void resumeCarriesASequencePerChat() {
        assertThat(codec.decode("{\"type\":\"resume\",\"chats\":{\"" + chat + "\":41}}"))
                .isEqualTo(new ClientMessage.Resume(Map.of(chat, 41L)));
    }

    @Test
    void unknownFieldsAreIgnored() {
        assertThat(codec.decode("{\"type\":\"ping\",\"local_id\":7}")).isEqualTo(new ClientMessage.Ping());
    }

    @Test
    void badFramesNameTheirProblem() {
        assertCode("not json", ProtocolErrors.MALFORMED_JSON);
        assertCode("[1,2]", ProtocolErrors.MALFORMED_JSON);
        assertCode("{\"chat_id\":1}", ProtocolErrors.MISSING_FIELD);
        assertCode("{\"type\":\"dance\"}", ProtocolErrors.UNKNOWN_TYPE);
        assertCode("{\"type\":\"typing\",\"chat_id\":\"" + chat + "\"}", ProtocolErrors.MISSING_FIELD);
        assertCode("{\"type\":\"typing\",\"chat_id\":\"not-a-uuid\",\"is_typing\":true}", ProtocolErrors.INVALID_FIELD);
        assertCode("{\"type\":\"read_messages\",\"chat_id\":\"" + chat + "\",\"seq\":\"x\"}", ProtocolErrors.INVALID_FIELD);
        assertCode("{\"type\":\"typing\",\"data\":5}", ProtocolErrors.INVALID_FIELD);
        assertCode("{\"type\":\"resume\",\"chats\":{\"nope\":1}}", ProtocolErrors.INVALID_FIELD);
    }

    @Test
    void missingFieldErrorsNameTheFieldAsClientsWriteIt() {
        assertThatThrownBy(() -> codec.decode("{\"type\":\"send_message\",\"content\":\"hi\"}"))
                .isInstanceOf(ProtocolException.class)
                .hasMessageContaining("chat_id")
                .satisfies(e -> assertThat(((ProtocolException) e).requestType()).isEqualTo("send_message"));
    }

    @Test
    void serverEventsCarryTheirTypeAndSnakeCaseFields() {
        var text = codec.encode(new ServerEvent.Typing(chat, UUID.randomUUID(), true,
                Instant.parse("2026-01-02T03:04:05Z")));

        assertThat(text).startsWith("{\"type\":\"typing\"")
                .contains("\"chat_id\":\"" + chat + "\"", "\"is_typing\":true", "\"timestamp\":\"2026-01-02T03:04:05Z\"");
    }

    private void assertCode(String frame, String code) {
        assertThatThrownBy(() -> codec.decode(frame))
                .as(frame)
                .isInstanceOf(ProtocolException.class)
                .extracting(e -> ((ProtocolException) e).code())
                .isEqualTo(code);
    }
}
