package io.switchboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Pattern;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import io.restassured.path.json.JsonPath;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestSocket;

/**
 * Several realtime-service instances as one, as real processes behind no load balancer: clients
 * pick an instance each, and everything crosses between them. Failures are real: kill -9 of an
 * instance, SIGTERM, a Kafka broker restart.
 */
class ClusterTest {

    private static Stack stack;
    private static Frontend frontend;
    private static ServiceProcess a;
    private static ServiceProcess b;

    @BeforeAll
    static void start() {
        stack = Stack.shared();
        frontend = new Frontend(stack);
        a = stack.realtime;
        b = stack.startRealtime("b");
    }

    @AfterAll
    static void stop() {
        b.close();
    }

    @Test
    void repliesMentionsReactionsAndPinsCrossInstances() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = frontend.group(ann, bob);
        try (var annOnA = frontend.connect(ann, a); var bobOnB = frontend.connect(bob, b)) {
            var question = frontend.rest(bob).body(Map.of("content", "lunch?")).post(Frontend.messages(chat))
                    .then().statusCode(201).extract().jsonPath();
            annOnA.next("new_message");
            annOnA.send("type", "send_message", "chat_id", chat, "content",
                    "@" + bob.getString("user.username") + " yes", "reply_to", question.getString("id"));
            var answer = bobOnB.next(e -> e.path("type").asText().equals("new_message")
                    && e.path("message").path("content").asText().endsWith(" yes"), "the answer, on B").path("message");
            assertThat(answer.path("reply_to").path("preview").asText()).isEqualTo("lunch?");
            assertThat(answer.path("mentions").get(0).asText()).as("the username found by auth-service")
                    .isEqualTo(Frontend.userId(bob));

            var messageId = answer.path("id").asText();
            frontend.rest(bob).put(Frontend.messages(chat) + "/" + messageId + "/reactions/🎉").then().statusCode(200);
            var reaction = annOnA.next("reaction_added");
            assertThat(reaction.path("emoji").asText()).isEqualTo("🎉");
            assertThat(reaction.path("count").asInt()).isEqualTo(1);
            assertThat(reaction.path("user_id").asText()).isEqualTo(Frontend.userId(bob));
            frontend.rest(bob).put("/api/chats/" + chat + "/pins/" + messageId).then().statusCode(204);
            assertThat(annOnA.next("message_pinned").path("message_id").asText()).isEqualTo(messageId);
            assertThat(frontend.rest(ann).get(Frontend.messages(chat)).then().extract().jsonPath()
                    .getList("reactions.emoji")).containsExactly(List.of(), List.of("🎉"));

            String file = frontend.rest(bob).contentType("text/csv").queryParam("name", "menu.csv")
                    .body("dish,price\nsoup,4\n".getBytes(java.nio.charset.StandardCharsets.UTF_8))
                    .post("/api/chats/" + chat + "/attachments").then().statusCode(201).extract().path("id");
            bobOnB.send("type", "send_message", "chat_id", chat, "content", "the menu", "attachment_ids", List.of(file));
            var withFile = annOnA.next(e -> e.path("type").asText().equals("new_message")
                    && e.path("message").path("content").asText().equals("the menu"), "the file, on A").path("message");
            assertThat(withFile.path("attachments").get(0).path("name").asText()).isEqualTo("menu.csv");
            assertThat(frontend.rest(ann).get("/api/chats/" + chat + "/attachments/" + file).then().statusCode(200)
                    .extract().asString()).isEqualTo("dish,price\nsoup,4\n");
        }
    }

    @Test
    void usersOnDifferentInstancesSeeEachOtherLive() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = frontend.directChat(ann, bob);
        try (var annOnA = frontend.connect(ann, a); var bobOnB = frontend.connect(bob, b)) {
            var online = annOnA.next(e -> e.path("type").asText().equals("user_status")
                    && e.path("user_id").asText().equals(Frontend.userId(bob)), "bob online, seen from A");
            assertThat(online.path("status").asText()).isEqualTo("online");

            bobOnB.send("type", "send_message", "chat_id", chat, "content", "from B", "client_message_id", "x-1");
            var sent = bobOnB.next("message_sent");
            assertThat(annOnA.next("new_message").path("message").path("content").asText()).isEqualTo("from B");

            annOnA.send("type", "typing", "chat_id", chat, "is_typing", true);
            assertThat(bobOnB.next("typing").path("user_id").asText()).isEqualTo(Frontend.userId(ann));
            annOnA.send("type", "read_messages", "chat_id", chat);
            assertThat(bobOnB.next("messages_read").path("seq").asLong())
                    .isEqualTo(sent.path("message").path("seq").asLong());

            var messageId = sent.path("message").path("id").asText();
            frontend.rest(bob).body(Map.of("content", "edited")).patch(Frontend.messages(chat) + "/" + messageId)
                    .then().statusCode(200);
            assertThat(annOnA.next("message_updated").path("content").asText()).isEqualTo("edited");
            frontend.rest(bob).delete(Frontend.messages(chat) + "/" + messageId).then().statusCode(204);
            assertThat(annOnA.next("message_deleted").path("message_id").asText()).isEqualTo(messageId);

            annOnA.send("type", "get_chat_status", "chat_id", chat);
            var members = annOnA.next("chat_status").path("chats").get(0).path("members");
            assertThat(members.findValuesAsText("status")).containsOnly("online");
        }
    }

    /** A block made in chat-service reaches both instances: each user, on their own, sees the other go offline. */
    @Test
    void aBlockHidesTwoUsersOnDifferentInstancesFromEachOther() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = frontend.directChat(ann, bob);
        try (var annOnA = frontend.connect(ann, a); var bobOnB = frontend.connect(bob, b)) {
            assertThat(statusOf(annOnA, bob).path("status").asText()).isEqualTo("online");

            frontend.rest(ann).put("/api/blocks/" + Frontend.userId(bob)).then().statusCode(204);

            var bobSeenByAnn = statusOf(annOnA, bob);
            var annSeenByBob = statusOf(bobOnB, ann);
            for (var hidden : List.of(bobSeenByAnn, annSeenByBob)) {
                assertThat(hidden.path("status").asText()).isEqualTo("offline");
                assertThat(hidden.path("last_seen").isNull()).as("last_seen of %s", hidden).isTrue();
            }
            bobOnB.send("type", "typing", "chat_id", chat, "is_typing", true);
            annOnA.expectNone("typing", Duration.ofMillis(700));

            frontend.rest(ann).delete("/api/blocks/" + Frontend.userId(bob)).then().statusCode(204);
            assertThat(statusOf(annOnA, bob).path("status").asText()).isEqualTo("online");
            assertThat(statusOf(bobOnB, ann).path("status").asText()).isEqualTo("online");
        }
    }

    private static JsonNode statusOf(TestSocket socket, JsonPath user) {
        return socket.next(e -> e.path("type").asText().equals("user_status")
                && e.path("user_id").asText().equals(Frontend.userId(user)), "status of " + Frontend.userId(user));
    }

    @Test
    void membershipChangesMoveDeliveriesAcrossInstances() {
        var ann = stack.signUp();
        var carol = stack.signUp();
        try (var annOnA = frontend.connect(ann, a); var carolOnB = frontend.connect(carol, b)) {
            var group = frontend.group(ann, stack.signUp());
            annOnA.next("chat_created");
            frontend.add(ann, group, carol);
            assertThat(carolOnB.next("user_joined").path("chat_id").asText()).isEqualTo(group);
            frontend.send(ann, group, "hello carol");
            assertThat(carolOnB.next("new_message").path("message").path("content").asText()).isEqualTo("hello carol");

            frontend.rest(carol).delete("/api/chats/" + group + "/members/" + Frontend.userId(carol)).then().statusCode(204);
            carolOnB.next("user_left");
            frontend.send(ann, group, "carol is gone");
            annOnA.next(e -> e.path("type").asText().equals("new_message")
                    && e.path("message").path("content").asText().equals("carol is gone"), "ann's message");
            carolOnB.expectNone("new_message", Duration.ofMillis(500));
        }
    }

    @Test
    void anInstanceHoldingNoRecipientReceivesNoDelivery() {
        var c = stack.startRealtime("c");
        try {
            var ann = stack.signUp();
            var bob = stack.signUp();
            var chat = frontend.directChat(ann, bob);
            try (var annOnA = frontend.connect(ann, a); var bobOnB = frontend.connect(bob, b)) {
                double before = inboxReceived(c);
                for (int i = 0; i < 20; i++) {
                    frontend.send(ann, chat, "m" + i);
                }
                for (int i = 0; i < 20; i++) {
                    // C joining the routing group moves partitions; a re-routed event is a repeat (same seq).
                    var expected = "m" + i;
                    bobOnB.next(e -> e.path("type").asText().equals("new_message")
                            && e.path("message").path("content").asText().equals(expected), expected);
                }
                annOnA.next(e -> e.path("message").path("content").asText().equals("m19"), "ann's last message");
                assertThat(inboxReceived(c)).as("deliveries that reached an instance holding none of the chat's members")
                        .isEqualTo(before);
                assertThat(inboxReceived(a) + inboxReceived(b)).isPositive();
            }
        } finally {
            c.close();
        }
    }

    @Test
    void clientsOfAKilledInstanceResumeOnAnotherWithNoGap() throws Exception {
        var doomed = stack.startRealtime("doomed");
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = frontend.directChat(ann, bob);
        var sentSeqs = new TreeSet<Long>();
        var seen = new ArrayList<Long>();
        long last = 0;
        Thread writer;
        try (var bobOnDoomed = frontend.connect(bob, doomed)) {
            writer = Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 150; i++) {
                    var seq = frontend.send(ann, chat, "n" + i);
                    synchronized (sentSeqs) {
                        sentSeqs.add(seq);
                    }
                }
            });
            while (seen.size() < 30) {
                last = bobOnDoomed.next("new_message").path("event_seq").asLong();
                seen.add(last);
            }
            doomed.kill(); // kill -9, mid-stream
            bobOnDoomed.closeCode(Duration.ofSeconds(10));
        }
        try (var bobOnA = TestSocket.connect(Stack.ws(a), Frontend.token(bob), TestSocket.Carrier.HEADER)) {
            bobOnA.next("connected");
            bobOnA.send("type", "resume", "chats", Map.of(chat, last));
            writer.join();
            long expected;
            synchronized (sentSeqs) {
                expected = sentSeqs.last();
            }
            while (seen.isEmpty() || seen.getLast() < expected) {
                // A partition the dead instance routed waits for the group to notice (10 s), then flows.
                var event = bobOnA.next(e -> e.path("type").asText().equals("new_message"), "message up to " + expected,
                        Duration.ofSeconds(40));
                seen.add(event.path("event_seq").asLong());
            }
            bobOnA.next("resumed");
        }
        var distinct = new TreeSet<>(seen);
        assertThat(distinct).as("every message, none missing").containsAll(sentSeqs);
        // At-least-once: a repeat carries a seq the client already has; anything new comes in order.
        var had = new TreeSet<Long>();
        for (long seq : seen) {
            if (had.add(seq)) {
                assertThat(seq).as("a new event never comes before an older one").isEqualTo(had.last());
            }
        }
    }

    /** Told as user_status, and to a presence subscription on another instance, which reads the directory. */
    @Test
    void aUserOfADeadInstanceGoesOfflineForOthersWithinTheTimeout() {
        var doomed = stack.startRealtime("doomed-2");
        var ann = stack.signUp();
        var dan = stack.signUp();
        frontend.directChat(ann, dan);
        try (var annOnA = frontend.connect(ann, a)) {
            annOnA.send("type", "subscribe_presence", "user_ids", List.of(Frontend.userId(dan)));
            assertThat(presenceOf(annOnA.next("presence"), dan)).isEqualTo("offline");
            try (var danOnDoomed = frontend.connect(dan, doomed)) {
                annOnA.next(e -> e.path("type").asText().equals("user_status")
                        && e.path("status").asText().equals("online"), "dan online");
                assertThat(presenceOf(annOnA.next("presence"), dan)).isEqualTo("online");
                long killedAt = System.nanoTime();
                doomed.kill();
                var offline = annOnA.next(e -> e.path("type").asText().equals("user_status")
                        && e.path("status").asText().equals("offline"), "dan offline");
                assertThat(offline.path("user_id").asText()).isEqualTo(Frontend.userId(dan));
                assertThat(Duration.ofNanos(System.nanoTime() - killedAt)).isLessThan(Duration.ofSeconds(30));
                assertThat(presenceOf(annOnA.next("presence"), dan)).isEqualTo("offline");
            }
        }
    }

    private static String presenceOf(JsonNode presence, JsonPath user) {
        for (var entry : presence.path("users")) {
            if (entry.path("user_id").asText().equals(Frontend.userId(user))) {
                return entry.path("status").asText();
            }
        }
        throw new AssertionError("not in " + presence);
    }

    @Test
    void aDrainingInstanceTellsItsClientsToReconnect() {
        var draining = stack.startRealtime("draining");
        var ann = stack.signUp();
        try (var socket = frontend.connect(ann, draining)) {
            Thread.ofVirtual().start(draining::close); // SIGTERM
            assertThat(socket.closeCode(Duration.ofSeconds(15))).isEqualTo(1012);
        }
    }

    @Test
    void deliveryGoesOnAfterTheKafkaBrokerRestarts() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var chat = frontend.directChat(ann, bob);
        try (var bobOnB = frontend.connect(bob, b)) {
            frontend.send(ann, chat, "before");
            assertThat(bobOnB.next("new_message").path("message").path("content").asText()).isEqualTo("before");

            stack.servers.stopKafka();
            var during = new HashSet<String>();
            for (int i = 0; i < 5; i++) {
                frontend.send(ann, chat, "during " + i); // chat-service commits; its outbox waits for Kafka
                during.add("during " + i);
            }
            stack.servers.startKafka();

            var received = new HashSet<String>();
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> {
                received.addAll(bobOnB.all("new_message", Duration.ofMillis(500)).stream()
                        .map(e -> e.path("message").path("content").asText()).toList());
                return received.containsAll(during);
            });
            frontend.send(ann, chat, "after");
            bobOnB.next(e -> e.path("type").asText().equals("new_message")
                    && e.path("message").path("content").asText().equals("after"), "the message after the restart",
                    Duration.ofSeconds(60));
        }
    }

    private static double inboxReceived(ServiceProcess instance) {
        var text = given().baseUri(instance.baseUrl()).get("/q/metrics").asString();
        var matcher = Pattern.compile("(?m)^switchboard_ws_inbox_received_total(\\{[^}]*\\})? ([0-9.eE+-]+)$").matcher(text);
        return matcher.find() ? Double.parseDouble(matcher.group(2)) : 0;
    }
}
