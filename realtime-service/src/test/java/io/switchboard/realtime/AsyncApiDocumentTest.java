package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.annotation.JsonTypeName;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import io.switchboard.contracts.realtime.ClientMessage;
import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.ProtocolCodec;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.Required;
import io.switchboard.contracts.realtime.ServerEvent;

/**
 * docs/asyncapi.yaml against the contracts module: every message and event, each field, what
 * is required, the aliases, the error codes and the close codes. Neither can change alone.
 */
class AsyncApiDocumentTest {

    private final JsonNode doc = read(Path.of("..", "docs", "asyncapi.yaml"));

    @Test
    void clientMessagesAreDocumentedWithTheirFieldsAndRequiredOnes() {
        var documented = messagesOf("clientMessages");
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(ClientMessage.TYPES.keySet());
        ClientMessage.TYPES.forEach((type, record) -> {
            var payload = documented.get(type).path("payload");
            assertThat(fieldNames(payload.path("properties"))).as(type).isEqualTo(with("type", fields(record)));
            var required = new HashSet<String>();
            payload.path("required").forEach(name -> required.add(name.asText()));
            assertThat(required).as(type + " required").isEqualTo(with("type", requiredFields(record)));
        });
    }

    @Test
    void aliasesAreDocumentedOnTheMessageTheyStandFor() {
        var aliases = new HashMap<String, String>();
        messagesOf("clientMessages").forEach((type, message) ->
                message.path("x-aliases").forEach(alias -> aliases.put(alias.asText(), type)));
        assertThat(aliases).isEqualTo(ClientMessage.ALIASES);
    }

    @Test
    void serverEventsAreDocumentedWithTheirFieldsAndNestedShapes() {
        var documented = messagesOf("serverEvents");
        var events = serverEventRecords();
        assertThat(documented.keySet()).containsExactlyInAnyOrderElementsOf(events.keySet());
        events.forEach((type, record) -> {
            var properties = documented.get(type).path("payload").path("properties");
            assertThat(fieldNames(properties)).as(type).isEqualTo(with("type", fields(record)));
            assertNestedRecords(type, record, properties);
        });
    }

    @Test
    void errorAndCloseCodesAreTheContractsOnes() {
        var errorCodes = fieldNames(doc.path("x-error-codes"));
        errorCodes.remove("chat-service codes");
        assertThat(errorCodes).isEqualTo(constants(ProtocolErrors.class));
        assertThat(fieldNames(doc.path("x-close-codes"))).isEqualTo(constants(CloseCodes.class));
    }

    /** Each record-typed field refers to a schema with exactly the record's fields, recursively. */
    private void assertNestedRecords(String where, Class<?> record, JsonNode properties) {
        for (RecordComponent component : record.getRecordComponents()) {
            var nested = recordOf(component.getGenericType());
            if (nested == null) {
                continue;
            }
            var property = properties.path(ProtocolCodec.snakeCase(component.getName()));
            var ref = property.has("$ref") ? property.path("$ref") : property.path("items").path("$ref");
            assertThat(ref.isTextual()).as(where + "." + component.getName() + " refers to a schema").isTrue();
            var schema = resolve(ref.asText());
            assertThat(fieldNames(schema.path("properties"))).as(ref.asText()).isEqualTo(fields(nested));
            assertNestedRecords(ref.asText(), nested, schema.path("properties"));
        }
    }

    private static Class<?> recordOf(Type type) {
        if (type instanceof Class<?> c && c.isRecord()) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() == List.class) {
            return recordOf(p.getActualTypeArguments()[0]);
        }
        return null;
    }

    /** The messages an operation lists, by the {@code type} their payload carries. */
    private Map<String, JsonNode> messagesOf(String operation) {
        var result = new HashMap<String, JsonNode>();
        for (JsonNode ref : doc.path("operations").path(operation).path("messages")) {
            var channelMessage = resolve(ref.path("$ref").asText());
            var message = resolve(channelMessage.path("$ref").asText());
            var type = message.path("payload").path("properties").path("type").path("const").asText();
            assertThat(result.put(type, message)).as("documented once: " + type).isNull();
        }
        return result;
    }

    private JsonNode resolve(String ref) {
        var node = doc;
        for (String part : ref.substring(2).split("/")) {
            node = node.path(part);
        }
        assertThat(node.isMissingNode()).as(ref).isFalse();
        return node;
    }

    private static Map<String, Class<?>> serverEventRecords() {
        var result = new HashMap<String, Class<?>>();
        collect(ServerEvent.class, result);
        return result;
    }

    private static void collect(Class<?> type, Map<String, Class<?>> result) {
        if (type.isRecord()) {
            result.put(type.getAnnotation(JsonTypeName.class).value(), type);
        } else {
            Arrays.stream(type.getPermittedSubclasses()).forEach(sub -> collect(sub, result));
        }
    }

    private static Set<String> fields(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .map(c -> ProtocolCodec.snakeCase(c.getName()))
                .collect(Collectors.toCollection(LinkedHashSet::new));
    }

    private static Set<String> requiredFields(Class<?> record) {
        return Arrays.stream(record.getRecordComponents())
                .filter(c -> c.isAnnotationPresent(Required.class))
                .map(c -> ProtocolCodec.snakeCase(c.getName()))
                .collect(Collectors.toSet());
    }

    private static Set<String> fieldNames(JsonNode object) {
        var names = new HashSet<String>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private static Set<String> with(String first, Set<String> rest) {
        return Stream.concat(Stream.of(first), rest.stream()).collect(Collectors.toSet());
    }

    private static Set<String> constants(Class<?> holder) {
        return Arrays.stream(holder.getFields())
                .filter(f -> Modifier.isStatic(f.getModifiers()))
                .map(f -> {
                    try {
                        return String.valueOf(f.get(null));
                    } catch (IllegalAccessException e) {
                        throw new IllegalStateException(e);
                    }
                })
                .collect(Collectors.toSet());
    }

    private static JsonNode read(Path path) {
        try {
            return new ObjectMapper(new YAMLFactory()).readTree(path.toFile());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
