package io.switchboard.e2e;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupAuthorizationException;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.restassured.http.ContentType;
import io.restassured.path.json.JsonPath;
import io.restassured.specification.RequestSpecification;
import io.switchboard.contracts.chat.Topics;
import io.switchboard.devstack.KafkaLogin;
import io.switchboard.devstack.ServiceProcess;
import io.switchboard.devstack.TestSocket;

/**
 * The services on a broker that asks for logins as the cluster's does (k8s/base/kafka.yaml; here
 * SASL_PLAINTEXT, without TLS): each service logs in with SCRAM-SHA-512 as its own user, allowed
 * exactly the ACLs k8s/base/kafka-users.yaml gives it, on the topics k8s/base/topics.yaml declares
 * (both read as they stand; {@code -Dkafka.users=<file>} tries another ACL file). Everything that
 * crosses Kafka works with those ACLs, and what they do not grant is refused.
 */
class KafkaLoginTest {

    private static final Duration WAIT = Duration.ofSeconds(30);
    /** A login the broker knows that no ACL names. */
    private static final String BARE = "no-acls";

    private static Stack stack;
    private static Frontend frontend;
    private static ServiceProcess b;
    private static Map<String, KafkaLogin> logins;

    @BeforeAll
    static void start() {
        var root = Path.of(System.getProperty("switchboard.root", "..")).toAbsolutePath().normalize();
        var users = Path.of(System.getProperty("kafka.users", root.resolve("k8s/base/kafka-users.yaml").toString()));
        stack = Stack.startWithKafkaLogins("kafka-login-logs", root, servers -> {
            logins = KafkaAccounts.create(servers, KafkaAccounts.topics(root.resolve("k8s/base/topics.yaml")),
                    KafkaAccounts.users(users), List.of(BARE));
            return logins;
        });
        frontend = new Frontend(stack);
        b = stack.startRealtime("b");
    }

    @AfterAll
    static void stop() {
        if (b != null) {
            b.close();
        }
        if (stack != null) {
            stack.close();
        }
    }

    /**
     * Chat events (chat-service's outbox to both realtime instances' router group, across their
     * inboxes, and to notification-service's group), user events (the push API), session
     * revocations (auth-service to realtime-service) and blocks (chat-service to every realtime
     * instance), each service logged in as itself; no service's log shows a refusal.
     */
    @Test
    void everythingThatCrossesKafkaWorksWithEachServicesOwnLogin() {
        var ann = stack.signUp();
        var bob = stack.signUp();
        var carol = stack.signUp();
        var dave = stack.signUp();
        var chat = frontend.group(ann, bob, carol, dave);
        try (var bobOnB = frontend.connect(bob, b); var carolOnA = frontend.connect(carol, stack.realtime)) {
            frontend.send(ann, chat, "over SCRAM");
            assertThat(newMessage(bobOnB)).isEqualTo("over SCRAM");
            assertThat(newMessage(carolOnA)).isEqualTo("over SCRAM");

            await().atMost(WAIT).untilAsserted(() -> assertThat(chatNotifications(dave))
                    .as("dave, offline, is told what he missed").singleElement()
                    .satisfies(n -> assertThat(n).containsEntry("chat_id", chat)));

            backend().body(Map.of("user_ids", List.of(Frontend.userId(bob)), "type", "order:shipped",
                    "data", Map.of("id", "o-7"))).post("/api/events").then().statusCode(202);
            assertThat(bobOnB.next("event").path("event").asText()).isEqualTo("order:shipped");

            given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                    .body(Map.of("refresh_token", carol.getString("refresh_token")))
                    .post("/api/auth/logout").then().statusCode(204);
            assertThat(carolOnA.closeCode(Duration.ofSeconds(15))).as("carol's ended session").isEqualTo(4001);
        }
        frontend.rest(ann).put("/api/blocks/" + Frontend.userId(dave)).then().statusCode(204);
        await().atMost(WAIT).untilAsserted(() -> assertThat(keys(Topics.USER_BLOCKS)).contains(Frontend.userId(ann)));
        for (var log : List.of("auth-service", "chat-service", "realtime-service-a", "realtime-service-b",
                "notification-service")) {
            assertThat(stack.log(log)).as(log + " was never refused by Kafka")
                    .doesNotContainPattern("org\\.apache\\.kafka\\.common\\.errors\\.\\w*(Authorization|Authentication)Exception");
        }
    }

    @Test
    void aWrongPasswordIsRefused() {
        var impostor = new KafkaLogin("chat-service", "not-" + logins.get("chat-service").password());
        assertThatThrownBy(() -> read(impostor, Topics.CHAT_EVENTS, null)).isInstanceOf(SaslAuthenticationException.class);
    }

    @Test
    void chatServiceNeitherReadsTheInstancesInboxesNorWritesUserEvents() {
        var chat = logins.get("chat-service");
        assertThatThrownBy(() -> read(chat, "switchboard.realtime-inbox", null))
                .isInstanceOf(TopicAuthorizationException.class);
        try (var producer = new KafkaProducer<>(KafkaAccounts.client(stack.servers, chat), new ByteArraySerializer(),
                new ByteArraySerializer())) {
            assertThatThrownBy(() -> producer.send(new ProducerRecord<>(Topics.USER_EVENTS, new byte[] {1})).get())
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(TopicAuthorizationException.class);
        }
    }

    @Test
    void aLoginWithNoAclsReadsNoChatEventsAndAServiceJoinsNoOtherServicesGroup() {
        assertThatThrownBy(() -> read(logins.get(BARE), Topics.CHAT_EVENTS, null))
                .isInstanceOf(TopicAuthorizationException.class);
        assertThatThrownBy(() -> read(logins.get("realtime-service"), Topics.CHAT_EVENTS, "switchboard-notifications"))
                .isInstanceOf(GroupAuthorizationException.class);
    }

    /** Reads the topic (as {@code group}, or from its first partition with none) until a refusal or 10 s. */
    private static void read(KafkaLogin login, String topic, String group) {
        var properties = KafkaAccounts.client(stack.servers, login);
        if (group != null) {
            properties.put("group.id", group);
        }
        try (var consumer = new KafkaConsumer<>(properties, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            if (group == null) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
            } else {
                consumer.subscribe(List.of(topic));
            }
            consumer.poll(Duration.ofSeconds(10));
        }
    }

    /** The keys of the records on the topic, read by devstack's super user. */
    private static List<String> keys(String topic) {
        var properties = KafkaAccounts.client(stack.servers, stack.servers.kafkaAdmin().orElseThrow());
        properties.put("auto.offset.reset", "earliest");
        try (var consumer = new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            var partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            var keys = new ArrayList<String>();
            consumer.poll(Duration.ofSeconds(2)).forEach(record -> keys.add(record.key()));
            return keys;
        }
    }

    private static String newMessage(TestSocket socket) {
        return socket.next("new_message").path("message").path("content").asText();
    }

    private static List<Map<String, Object>> chatNotifications(JsonPath user) {
        List<Map<String, Object>> all = given().baseUri(stack.notifications.baseUrl()).auth().oauth2(Frontend.token(user))
                .get("/api/notifications").then().statusCode(200).extract().jsonPath().getList("$");
        return all.stream().filter(n -> "chat_messages".equals(n.get("type"))).toList();
    }

    /** A backend with its service token from auth-service (client credentials). */
    private static RequestSpecification backend() {
        String token = given().baseUri(stack.auth.baseUrl()).contentType(ContentType.JSON)
                .body(Map.of("client_id", Stack.CLIENT_ID, "client_secret", Stack.CLIENT_SECRET))
                .post("/api/auth/token").then().statusCode(200).extract().path("access_token");
        return given().baseUri(stack.notifications.baseUrl()).auth().oauth2(token).contentType(ContentType.JSON);
    }
}
