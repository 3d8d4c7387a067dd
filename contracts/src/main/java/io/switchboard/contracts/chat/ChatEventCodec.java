package io.switchboard.contracts.chat;

import java.io.IOException;
import java.io.UncheckedIOException;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.contracts.WireJson;

/**
 * The wire format of chat events: JSON, snake_case field names, ISO-8601 UTC timestamps. Readers
 * ignore fields they do not know (newer producers may add some) and reject types they do not
 * know with {@link UnknownEventTypeException}, so an old consumer can skip them.
 */
public final class ChatEventCodec {

    private final ObjectMapper json = WireJson.mapper();

    public byte[] encode(ChatEvent event) {
        try {
            return json.writeValueAsBytes(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public String encodeToString(ChatEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChatEvent decode(byte[] bytes) {
        try {
            return decode((ObjectNode) json.readTree(bytes));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ChatEvent decode(String text) {
        try {
            return decode((ObjectNode) json.readTree(text));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private ChatEvent decode(ObjectNode node) throws IOException {
        var type = node.path("type").asText();
        var payloadType = ChatEventTypes.payloadOf(type);
        if (payloadType == null) {
            throw new UnknownEventTypeException(type);
        }
        JsonNode data = node.remove("data");
        var envelope = json.treeToValue(node, ChatEvent.class);
        var payload = json.treeToValue(data, payloadType);
        return new ChatEvent(envelope.id(), envelope.type(), envelope.source(), envelope.time(), envelope.subject(),
                envelope.chatId(), envelope.seq(), envelope.actorId(), payload);
    }

    /** An event of a type this version does not know. */
    public static final class UnknownEventTypeException extends RuntimeException {
        public UnknownEventTypeException(String type) {
            super("unknown chat event type: " + type, null, false, false);
        }
    }
}
