package io.switchboard.e2e;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.UUID;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * Bad input, generated from one seed so that a failing run can be replayed exactly: JSON bodies
 * and frames mutated from a valid sample (a field dropped, retyped or filled with something
 * hostile; an unknown field; another shape entirely), text that is not JSON, and odd path ids.
 */
final class FuzzInputs {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final String[] STRINGS = {
        "", " ", "a", "\u0000", "nul\u0000inside", "\u0007bell", "line\nbreak", "\u202Eright-to-left", "😀",
        "👩‍👩‍👧‍👦", "'; DROP TABLE users; --", "<script>alert(1)</script>", "%00", "%", "_", "\\", "../../etc/passwd",
        "null", "true", "1e309", "-0", "NaN", "\uD800", "𝕏", "${jndi:ldap://x}", "{{7*7}}", "\r\n\r\n",
        "00000000-0000-0000-0000-000000000000", "not-a-uuid", "SELECT 1",
    };

    private final Random random;

    FuzzInputs(long seed) {
        this.random = new Random(seed);
    }

    int nextInt(int bound) {
        return random.nextInt(bound);
    }

    <T> T pick(List<T> options) {
        return options.get(random.nextInt(options.size()));
    }

    /** A hostile value of any JSON type. */
    JsonNode weirdValue() {
        return switch (random.nextInt(14)) {
            case 0 -> NODES.nullNode();
            case 1 -> NODES.booleanNode(random.nextBoolean());
            case 2 -> NODES.numberNode(random.nextLong());
            case 3 -> NODES.numberNode(new java.math.BigDecimal("1e400"));
            case 4 -> NODES.numberNode(-1);
            case 5 -> NODES.numberNode(random.nextDouble() * 1e12);
            case 6 -> NODES.textNode(longString(1 + random.nextInt(70_000)));
            case 7 -> NODES.arrayNode().add(weirdString()).add(random.nextInt());
            case 8 -> NODES.objectNode().put("x", weirdString());
            case 9 -> deep(2 + random.nextInt(300));
            case 10 -> NODES.textNode(UUID.randomUUID().toString());
            default -> NODES.textNode(weirdString());
        };
    }

    String weirdString() {
        var base = STRINGS[random.nextInt(STRINGS.length)];
        return random.nextInt(4) == 0 ? base + STRINGS[random.nextInt(STRINGS.length)] : base;
    }

    /** The sample with one thing wrong with it (or several, now and then). */
    JsonNode mutate(ObjectNode sample) {
        var node = sample.deepCopy();
        int changes = random.nextInt(5) == 0 ? 2 + random.nextInt(3) : 1;
        for (int i = 0; i < changes; i++) {
            var fields = new ArrayList<String>();
            node.fieldNames().forEachRemaining(fields::add);
            switch (random.nextInt(fields.isEmpty() ? 2 : 6)) {
                case 0 -> node.set("extra_" + random.nextInt(9), weirdValue());
                case 1 -> {
                    return switch (random.nextInt(4)) { // another shape entirely
                        case 0 -> NODES.arrayNode().add(node);
                        case 1 -> NODES.textNode(weirdString());
                        case 2 -> NODES.numberNode(random.nextInt());
                        default -> NODES.nullNode();
                    };
                }
                case 2 -> node.remove(pick(fields));
                default -> node.set(pick(fields), weirdValue());
            }
        }
        return node;
    }

    /** A request or frame body: mostly mutated JSON, sometimes bytes that are not JSON at all. */
    byte[] body(ObjectNode sample) {
        return switch (random.nextInt(10)) {
            case 0 -> notJson();
            case 1 -> sample.toString().substring(0, random.nextInt(Math.max(1, sample.toString().length())))
                    .getBytes(StandardCharsets.UTF_8);
            default -> json(mutate(sample));
        };
    }

    byte[] notJson() {
        return switch (random.nextInt(6)) {
            case 0 -> new byte[0];
            case 1 -> randomBytes(1 + random.nextInt(512));
            case 2 -> "[".repeat(1 + random.nextInt(20_000)).getBytes(StandardCharsets.UTF_8);
            case 3 -> "{\"a\":".repeat(1 + random.nextInt(5_000)).getBytes(StandardCharsets.UTF_8);
            case 4 -> weirdString().getBytes(StandardCharsets.UTF_8);
            default -> "{\"type\":\"ping\",\"type\":\"ping\"}".getBytes(StandardCharsets.UTF_8);
        };
    }

    /** A path id: the real one most of the time (so the request gets past routing), else anything. */
    String id(String real) {
        return switch (random.nextInt(8)) {
            case 0 -> UUID.randomUUID().toString();
            case 1 -> java.net.URLEncoder.encode(weirdString(), StandardCharsets.UTF_8).replace("+", "%20");
            case 2 -> "9".repeat(1 + random.nextInt(40));
            default -> real;
        };
    }

    /** A query parameter value: sensible now and then, odd mostly. */
    String queryValue() {
        return switch (random.nextInt(6)) {
            case 0 -> Integer.toString(random.nextInt(200));
            case 1 -> Long.toString(random.nextLong());
            case 2 -> "";
            default -> java.net.URLEncoder.encode(weirdString(), StandardCharsets.UTF_8);
        };
    }

    private JsonNode deep(int depth) {
        JsonNode node = NODES.textNode("bottom");
        for (int i = 0; i < depth; i++) {
            node = random.nextBoolean() ? NODES.arrayNode().add(node) : NODES.objectNode().set("d", node);
        }
        return node;
    }

    private String longString(int length) {
        var out = new StringBuilder(length);
        while (out.length() < length) {
            out.append(weirdString()).append('x');
        }
        return out.substring(0, length);
    }

    private byte[] randomBytes(int length) {
        var bytes = new byte[length];
        random.nextBytes(bytes);
        return bytes;
    }

    static byte[] json(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    static ObjectNode object(String json) {
        try {
            return (ObjectNode) JSON.readTree(json);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
