package io.switchboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.switchboard.devstack.ServiceProcess;

/**
 * notification-service among the real services: offline users learn what they missed, and other
 * backends reach their users' sockets through the push API, on whatever instance holds them.
 */
class NotificationsTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private static Stack stack;
    private static Frontend frontend;
    private static ServiceProcess other;

    @BeforeAll
    static void start() {
        stack = Stack.shared();
        frontend = new Frontend(stack);
        other = stack.startRealtime("push");
    }

    @AfterAll
    static void stop() {
        other.close();
    }

    @Test
    void anOfflineUserIsEmailedAndFindsWhatTheyMissedAtLoginAndReadingClearsIt() {
        var ann = stack.signUp();
        var offline = stack.signUp();
        var muted = stack.signUp();
        var online = stack.signUp();
        var email = offline.getString("user.username") + "@example.com";
        given().baseUri(stack.auth.baseUrl()).auth().oauth2(Frontend.token(offline)).contentType(ContentType.JSON)
                .body(Map.of("email", email)).patch("/api/users/me").then().statusCode(200);
        var chat = frontend.group(ann, offline, muted, online);
        frontend.rest(muted).post("/api/chats/" + chat + "/mute").then().statusCode(204);
        try (var onlineSocket = frontend.connect(online)) {
            frontend.send(ann, chat, "are you coming?");
            long last = frontend.send(ann, chat, "we start at 7");

            var missed = await().atMost(WAIT).until(() -> chatNotifications(offline),
                    list -> list.size() == 1 && list.getFirst().get("unread_count").equals(2));
            assertThat(missed.getFirst()).containsEntry("chat_id", chat).containsEntry("body", "we start at 7")
                    .containsEntry("title", "2 new messages");
            assertThat(chatNotifications(ann)).as("not the sender").isEmpty();
            assertThat(chatNotifications(muted)).as("muted the chat").isEmpty();
            assertThat(chatNotifications(online)).as("was online").isEmpty();
            await().atMost(WAIT).untilAsserted(() -> assertThat(stack.log("notification-service"))
                    .as("e-mailed once, to the address auth-service holds").containsOnlyOnce("to [" + email + "]"));

            try (var socket = frontend.connect(offline)) {
                socket.send("type", "read_messages", "chat_id", chat, "seq", last);
                await().atMost(WAIT).untilAsserted(() -> assertThat(chatNotifications(offline)).isEmpty());
            }
        }
    }

    @Test
    void aPushedEventReachesItsOwnerOnAnotherInstanceAndNoOneElse() {
        var owner = stack.signUp();
        var neighbour = stack.signUp();
        try (var ownerSocket = frontend.connect(owner, other);
             var neighbourHere = frontend.connect(neighbour, stack.realtime);
             var neighbourThere = frontend.connect(neighbour, other)) {
            var todo = Map.of("id", "todo-42", "title", "Water the plants", "completed", true);

            backend().body(Map.of("user_ids", List.of(Frontend.userId(owner)), "type", "todo:completed", "data", todo))
                    .post("/api/events").then().statusCode(202);

            var event = ownerSocket.next("event");
            assertThat(event.path("event").asText()).isEqualTo("todo:completed");
            assertThat(event.path("data").path("id").asText()).isEqualTo("todo-42");
            assertThat(event.path("data").path("completed").asBoolean()).isTrue();
            neighbourHere.expectNone("event", Duration.ofSeconds(1));
            neighbourThere.expectNone("event", Duration.ofMillis(200));
        }
    }

    @Test
    void theTodoBackendExampleReachesItsOwnerInOrder() throws Exception {
        var owner = stack.signUp();
        var bystander = stack.signUp();
        try (var ownerSocket = frontend.connect(owner, other); var bystanderSocket = frontend.connect(bystander)) {
            var script = Path.of(System.getProperty("switchboard.root", "..")).resolve("docs/examples/todo-backend.sh");
            var run = new ProcessBuilder("bash", script.toString(), Frontend.userId(owner)).redirectErrorStream(true);
            run.environment().putAll(Map.of("AUTH_URL", stack.auth.baseUrl(),
                    "NOTIFICATIONS_URL", stack.notifications.baseUrl(),
                    "CLIENT_ID", Stack.CLIENT_ID, "CLIENT_SECRET", Stack.CLIENT_SECRET));
            var process = run.start();
            var output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();

            var names = new ArrayList<String>();
            for (int i = 0; i < 4; i++) {
                names.add(ownerSocket.next("event").path("event").asText());
            }
            assertThat(names).containsExactly("todo:created", "todo:updated", "todo:completed", "todo:deleted");
            bystanderSocket.expectNone("event", Duration.ofMillis(500));
        }
    }

    @Test
    void aNoticeArrivesLiveAndStaysListedUntilRead() {
        var user = stack.signUp();
        String id;
        try (var socket = frontend.connect(user, other)) {
            id = backend().body(Map.of("user_ids", List.of(Frontend.userId(user)), "type", "account_warning",
                            "title", "New sign-in", "body", "From a new device."))
                    .post("/api/notifications").then().statusCode(201).extract().path("notifications[0].id");

            var live = socket.next("notification");
            assertThat(live.path("notification").path("id").asText()).isEqualTo(id);
            assertThat(live.path("notification").path("title").asText()).isEqualTo("New sign-in");
        }
        assertThat(unread(user)).extracting(n -> n.get("id")).containsExactly(id);
        notifications(user).post("/api/notifications/" + id + "/read").then().statusCode(204);
        assertThat(unread(user)).isEmpty();
    }

    private static List<Map<String, Object>> unread(JsonPath user) {
        return notifications(user).get("/api/notifications?unread=true").then().statusCode(200)
                .extract().jsonPath().getList("$");
    }

    private static List<Map<String, Object>> chatNotifications(JsonPath user) {
        List<Map<String, Object>> all = notifications(user).get("/api/notifications").then().statusCode(200)
                .extract().jsonPath().getList("$");
        return all.stream().filter(n -> "chat_messages".equals(n.get("type"))).toList();
    }

    private static RequestSpecification notifications(JsonPath user) {
        return given().baseUri(stack.notifications.baseUrl()).auth().oauth2(Frontend.token(user))
                .contentType(ContentType.JSON);
    }

    /** A backend with its service token from auth-service (client credentials). */
    private static RequestSpecification backend() {
        String token = given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("client_id", Stack.CLIENT_ID, "client_secret", Stack.CLIENT_SECRET))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        return given().baseUri(stack.notifications.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
