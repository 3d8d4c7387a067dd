package io.switchboard.contracts.realtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.util.Iterator;
import java.util.Map;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.switchboard.contracts.WireJson;

/**
 * The WebSocket wire format: JSON text frames, snake_case fields, ISO-8601 UTC timestamps.
 * Decoding accepts the flat form and the {@code {"type", "data": {...}}} form, ignores fields it
 * does not know (clients add their own, such as a local id) and rejects what it cannot carry out
 * with a {@link ProtocolException} naming a {@link ProtocolErrors} code.
 */
public final class ProtocolCodec {

    private final ObjectMapper json = WireJson.mapper()
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    public String encode(ServerEvent event) {
        try {
            return json.writeValueAsString(event);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    public ClientMessage decode(String frame) {
        JsonNode node;
        try {
            node = json.readTree(frame);
        } catch (IOException e) {
            throw new ProtocolException(ProtocolErrors.MALFORMED_JSON, "The frame is not valid JSON.", null);
        }
        if (node == null || !node.isObject()) {
            throw new ProtocolException(ProtocolErrors.MALFORMED_JSON, "A frame must be a JSON object.", null);
        }
        var typeNode = node.get("type");
        if (typeNode == null || !typeNode.isTextual()) {
            throw new ProtocolException(ProtocolErrors.MISSING_FIELD, "Every frame needs a string field 'type'.", null);
        }
        var type = typeNode.asText();
        var target = ClientMessage.classOf(type);
        if (target == null) {
            throw new ProtocolException(ProtocolErrors.UNKNOWN_TYPE, "Unknown message type '" + type + "'.", type);
        }
        var fields = flatten((ObjectNode) node, type);
        ClientMessage message;
        try {
            message = json.treeToValue(fields, target);
        } catch (MismatchedInputException e) {
            throw new ProtocolException(ProtocolErrors.INVALID_FIELD, describe(e), type);
        } catch (JsonProcessingException e) {
            throw new ProtocolException(ProtocolErrors.INVALID_FIELD, "The fields of '" + type + "' are invalid.", type);
        }
        requireFields(message, type);
        return message;
    }

    /** The seed form's {@code data} object, lifted to the top level (its fields win). */
    private ObjectNode flatten(ObjectNode node, String type) {
        var fields = node.deepCopy();
        fields.remove("type");
        var data = fields.remove("data");
        if (data != null && !data.isNull()) {
            if (!data.isObject()) {
                throw new ProtocolException(ProtocolErrors.INVALID_FIELD, "'data' must be an object.", type);
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = data.fields(); it.hasNext(); ) {
                var field = it.next();
                fields.set(field.getKey(), field.getValue());
            }
        }
        return fields;
    }

    private static void requireFields(ClientMessage message, String type) {
        for (RecordComponent component : message.getClass().getRecordComponents()) {
            if (!component.isAnnotationPresent(Required.class)) {
                continue;
            }
            Object value;
            try {
                value = component.getAccessor().invoke(message);
            } catch (ReflectiveOperationException e) {
                throw new IllegalStateException(e);
            }
            if (value == null) {
                throw new ProtocolException(ProtocolErrors.MISSING_FIELD,
                        "'" + type + "' needs the field '" + snakeCase(component.getName()) + "'.", type);
            }
        }
    }

    private static String describe(MismatchedInputException e) {
        var path = e.getPath().stream()
                .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                .reduce((a, b) -> a + "." + b)
                .orElse("?");
        var expected = e.getTargetType() == null ? "value" : e.getTargetType().getSimpleName();
        return "Field '" + path + "' has the wrong type (expected " + expected + ").";
    }

    /** The JSON name of a record component. */
    public static String snakeCase(String camel) {
        return PropertyNamingStrategies.SnakeCaseStrategy.INSTANCE.translate(camel);
    }
}
