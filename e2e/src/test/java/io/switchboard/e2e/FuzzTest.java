package io.switchboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.switchboard.devstack.TestSocket;

/**
 * Generated bad input against the real services, at least 10,000 inputs per run: every REST
 * endpoint a client or backend can reach, with mutated bodies, odd ids and query values, and
 * WebSocket frames mutated from each client message. Seeded: the seed is printed, and
 * {@code -Dfuzz.seed=N} replays a run exactly ({@code -Dfuzz.inputs=N} sets how many).
 *
 * <p>What must hold for every input: no 5xx; every error is problem+json (or an {@code error}
 * event) with a stable code; no stack trace or exception name in any answer; the sockets stay
 * open (frames above the size the server reads aside) and answer a ping afterwards; every
 * service is still ready at the end.
 */
class FuzzTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern CODE = Pattern.compile("[a-z][a-z_]*");
    private static final Pattern LEAK = Pattern.compile("Exception|\\tat |\\bat (io|org|java|jdk)\\.|\\.java:\\d+");
    private static final long SEED = Long.getLong("fuzz.seed", System.nanoTime());
    private static final int INPUTS = Integer.getInteger("fuzz.inputs", 10_000);

    private static Stack stack;
    private static JsonPath ann;
    private static JsonPath bob;
    private static String chat;
    private static String message;

    /** One REST endpoint: where, how, and a valid body to mutate (null: none). */
    private record Endpoint(String base, String method, String path, String sample) {
    }

    @BeforeAll
    static void start() {
        stack = Stack.shared();
        System.out.println("fuzz seed " + SEED + " (replay with -Dfuzz.seed=" + SEED + ")");
        ann = stack.signUp();
        bob = stack.signUp();
        chat = given().baseUri(stack.chat.baseUrl()).auth().oauth2(ann.getString("access_token"))
                .contentType(ContentType.JSON).body(Map.of("type", "group", "title", "fuzz",
                        "member_ids", List.of(bob.getString("user.id"))))
                .post("/api/chats").then().statusCode(201).extract().path("id");
        message = given().baseUri(stack.chat.baseUrl()).auth().oauth2(ann.getString("access_token"))
                .contentType(ContentType.JSON).body(Map.of("content", "fuzz me"))
                .post("/api/chats/" + chat + "/messages").then().statusCode(201).extract().path("id");
    }

    @Test
    void restInputsGetCodedErrorsAndNeverAServerError() throws Exception {
        var endpoints = endpoints();
        int count = INPUTS * 6 / 10;
        var findings = new ConcurrentLinkedQueue<String>();
        var http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
        var inputs = new FuzzInputs(SEED);
        var requests = new ArrayList<HttpRequest>();
        for (int i = 0; i < count; i++) {
            requests.add(request(inputs, inputs.pick(endpoints)));
        }
        try (var pool = Executors.newFixedThreadPool(4)) {
            for (int i = 0; i < requests.size(); i++) {
                int index = i;
                pool.submit(() -> {
                    var request = requests.get(index);
                    try {
                        var response = http.send(request, HttpResponse.BodyHandlers.ofString());
                        var finding = judge(response.statusCode(), response.body());
                        if (finding != null) {
                            findings.add("#" + index + " " + request.method() + " " + request.uri() + ": " + finding);
                        }
                    } catch (Exception e) {
                        findings.add("#" + index + " " + request.method() + " " + request.uri() + ": " + e);
                    }
                });
            }
        }
        assertThat(findings).as("seed " + SEED).isEmpty();
        assertEveryServiceReady();
    }

    @Test
    void socketFramesGetErrorEventsAndNeverBreakTheSocket() throws Exception {
        var inputs = new FuzzInputs(SEED + 1);
        var samples = frames();
        int count = INPUTS - INPUTS * 6 / 10;
        var findings = java.util.Collections.synchronizedList(new ArrayList<String>());
        var sockets = new ArrayList<TestSocket>();
        for (int i = 0; i < 8; i++) {
            var token = (i % 2 == 0 ? ann : bob).getString("access_token");
            var socket = TestSocket.connect(stack.ws(), token, TestSocket.Carrier.HEADER);
            socket.next("connected");
            sockets.add(socket);
        }
        try {
            var frames = new ArrayList<Object>(); // text, or bytes to send as a binary frame
            for (int i = 0; i < count; i++) {
                frames.add(inputs.nextInt(40) == 0 ? inputs.notJson()
                        : new String(inputs.body(inputs.pick(samples)), java.nio.charset.StandardCharsets.UTF_8));
            }
            // frame i goes to socket i % 8, one frame per socket per tick: 15 a second per socket,
            // under the per-socket rate limit (20 a second). A flood is its own test
            // (RobustnessTest); here every frame must be read and answered.
            var sent = new AtomicInteger();
            try (var pacer = Executors.newSingleThreadScheduledExecutor()) {
                pacer.scheduleAtFixedRate(() -> {
                    for (var socket : sockets) {
                        int index = sent.get();
                        if (index >= frames.size()) {
                            return;
                        }
                        try {
                            if (frames.get(index) instanceof byte[] bytes) {
                                socket.sendBinary(bytes);
                            } else {
                                socket.send((String) frames.get(index));
                            }
                        } catch (RuntimeException e) {
                            findings.add("frame " + index + " could not be sent: " + e);
                        }
                        sent.incrementAndGet();
                    }
                }, 0, 1000 / 15, TimeUnit.MILLISECONDS);
                await().atMost(Duration.ofMinutes(5)).until(() -> sent.get() >= frames.size());
            }
            for (int i = 0; i < sockets.size(); i++) {
                var socket = sockets.get(i);
                socket.send("{\"type\":\"ping\"}");
                if (socket.isClosed()) {
                    findings.add("socket " + i + " closed with " + socket.closeCode(Duration.ZERO));
                    continue;
                }
                socket.next(frame -> frame.path("type").asText().equals("pong"), "pong after the fuzz", Duration.ofSeconds(20));
                for (var frame : socket.drain(Duration.ofMillis(200))) {
                    check(frame, findings);
                }
            }
        } finally {
            sockets.forEach(TestSocket::close);
        }
        assertThat(findings).as("seed " + SEED).isEmpty();
        assertEveryServiceReady();
    }

    private static void check(JsonNode frame, List<String> findings) {
        if (LEAK.matcher(frame.toString()).find()) {
            findings.add("a frame leaks internals: " + frame);
        }
        if (frame.path("type").asText().equals("error") && !CODE.matcher(frame.path("code").asText()).matches()) {
            findings.add("an error without a code: " + frame);
        }
    }

    /** Null when the answer is fine: below 500, coded when an error, nothing internal shown. */
    private static String judge(int status, String body) {
        if (status >= 500) {
            return status + " " + body;
        }
        if (LEAK.matcher(body).find()) {
            return "leaks internals: " + status + " " + body;
        }
        if (status >= 400) {
            try {
                var problem = JSON.readTree(body);
                if (!CODE.matcher(problem.path("code").asText()).matches()) {
                    return "no code: " + status + " " + body;
                }
            } catch (Exception e) {
                return "not problem+json: " + status + " " + body;
            }
        }
        return null;
    }

    private HttpRequest request(FuzzInputs inputs, Endpoint endpoint) {
        var path = endpoint.path()
                .replace("{chat}", inputs.id(chat))
                .replace("{message}", inputs.id(message))
                .replace("{user}", inputs.id(bob.getString("user.id")));
        if (path.contains("?")) {
            var query = new StringBuilder(path.substring(0, path.indexOf('?') + 1));
            for (var parameter : path.substring(path.indexOf('?') + 1).split("&")) {
                query.append(parameter).append('=').append(inputs.queryValue()).append('&');
            }
            path = query.substring(0, query.length() - 1);
        }
        var builder = HttpRequest.newBuilder(URI.create(endpoint.base() + path)).timeout(Duration.ofSeconds(30));
        switch (inputs.nextInt(10)) {
            case 0 -> { } // no token
            case 1 -> builder.header("Authorization", "Bearer " + inputs.weirdString().replaceAll("[^\\x21-\\x7e]", ""));
            default -> builder.header("Authorization", "Bearer " + (inputs.nextInt(2) == 0 ? ann : bob).getString("access_token"));
        }
        if (endpoint.sample() == null) {
            return builder.method(endpoint.method(), HttpRequest.BodyPublishers.noBody()).build();
        }
        var type = switch (inputs.nextInt(12)) {
            case 0 -> "text/plain";
            case 1 -> "application/json; charset=latin1";
            default -> "application/json";
        };
        return builder.header("Content-Type", type)
                .method(endpoint.method(), HttpRequest.BodyPublishers.ofByteArray(inputs.body(FuzzInputs.object(endpoint.sample()))))
                .build();
    }

    /** What clients and backends can reach, with a valid body for each that takes one. */
    private static List<Endpoint> endpoints() {
        var auth = stack.auth.baseUrl();
        var chats = stack.chat.baseUrl();
        var notifications = stack.notifications.baseUrl();
        var realtime = stack.realtime.baseUrl();
        return List.of(
                new Endpoint(auth, "POST", "/api/auth/register", "{\"username\":\"fuzzer\",\"password\":\"long enough\",\"display_name\":\"F\",\"email\":\"f@example.com\"}"),
                new Endpoint(auth, "POST", "/api/auth/login", "{\"username\":\"fuzzer\",\"password\":\"long enough\"}"),
                new Endpoint(auth, "POST", "/api/auth/refresh", "{\"refresh_token\":\"abc\"}"),
                new Endpoint(auth, "POST", "/api/auth/logout", "{\"refresh_token\":\"abc\"}"),
                new Endpoint(auth, "POST", "/api/auth/token", "{\"client_id\":\"nobody\",\"client_secret\":\"x\"}"),
                new Endpoint(auth, "GET", "/api/users/me", null),
                new Endpoint(auth, "PATCH", "/api/users/me", "{\"display_name\":\"Ann\",\"email\":\"ann@example.com\"}"),
                new Endpoint(auth, "POST", "/api/users/me/password", "{\"current_password\":\"wrong one\",\"new_password\":\"another one\"}"),
                new Endpoint(auth, "GET", "/api/users/{user}", null),
                new Endpoint(auth, "GET", "/api/users/{user}/contact", null),
                new Endpoint(auth, "POST", "/api/users/{user}/sessions/end", null),
                new Endpoint(auth, "POST", "/api/users/{user}/deactivate", null),
                new Endpoint(auth, "GET", "/api/users?q&limit", null),
                new Endpoint(chats, "POST", "/api/chats", "{\"type\":\"group\",\"title\":\"t\",\"member_ids\":[]}"),
                new Endpoint(chats, "GET", "/api/chats", null),
                new Endpoint(chats, "GET", "/api/chats/{chat}", null),
                new Endpoint(chats, "PATCH", "/api/chats/{chat}", "{\"title\":\"renamed\"}"),
                new Endpoint(chats, "POST", "/api/chats/{chat}/members", "{\"user_ids\":[]}"),
                new Endpoint(chats, "GET", "/api/chats/{chat}/messages?before_seq&after_seq&limit", null),
                new Endpoint(chats, "POST", "/api/chats/{chat}/messages", "{\"content\":\"hi\",\"message_type\":\"text\",\"client_message_id\":\"c1\"}"),
                new Endpoint(chats, "PATCH", "/api/chats/{chat}/messages/{message}", "{\"content\":\"edited\"}"),
                new Endpoint(chats, "POST", "/api/chats/{chat}/read", "{\"seq\":1}"),
                new Endpoint(chats, "GET", "/api/chats/{chat}/events?after_seq&limit", null),
                new Endpoint(chats, "POST", "/api/memberships", "{\"user_ids\":[]}"),
                new Endpoint(chats, "PUT", "/api/blocks/{user}", null),
                new Endpoint(chats, "DELETE", "/api/blocks/{user}", null),
                new Endpoint(notifications, "GET", "/api/notifications?unread", null),
                new Endpoint(notifications, "POST", "/api/notifications/{message}/read", null),
                new Endpoint(notifications, "POST", "/api/notifications/read-all", null),
                new Endpoint(notifications, "POST", "/api/notifications", "{\"user_ids\":[],\"type\":\"notice\",\"title\":\"t\",\"body\":\"b\",\"data\":{}}"),
                new Endpoint(notifications, "POST", "/api/events", "{\"user_ids\":[],\"type\":\"todo:created\",\"data\":{}}"),
                new Endpoint(realtime, "POST", "/api/presence", "{\"user_ids\":[]}"));
    }

    /** A valid frame of each client message type, to mutate. */
    private static List<ObjectNode> frames() {
        var samples = new ArrayList<ObjectNode>();
        for (var frame : List.of(
                "{\"type\":\"ping\"}",
                "{\"type\":\"typing\",\"chat_id\":\"" + chat + "\",\"is_typing\":true}",
                "{\"type\":\"read_messages\",\"chat_id\":\"" + chat + "\",\"seq\":1}",
                "{\"type\":\"mark_read\",\"data\":{\"chat_id\":\"" + chat + "\"}}",
                "{\"type\":\"send_message\",\"chat_id\":\"" + chat + "\",\"content\":\"hi\",\"client_message_id\":\"w1\"}",
                "{\"type\":\"join_chat\",\"chat_id\":\"" + chat + "\"}",
                "{\"type\":\"leave_chat\",\"chat_id\":\"" + chat + "\"}",
                "{\"type\":\"get_my_chats\"}",
                "{\"type\":\"get_chat_status\",\"chat_id\":\"" + chat + "\"}",
                "{\"type\":\"status\",\"status\":\"away\"}",
                "{\"type\":\"resume\",\"chats\":{\"" + chat + "\":0}}",
                "{\"type\":\"auth\",\"token\":\"not.a.token\"}",
                "{\"type\":\"no_such_type\"}")) {
            samples.add(FuzzInputs.object(frame));
        }
        return samples;
    }

    private static void assertEveryServiceReady() {
        for (var service : List.of(stack.auth, stack.chat, stack.realtime, stack.notifications)) {
            given().baseUri(service.baseUrl()).get("/q/health/ready").then().statusCode(200);
        }
    }
}
