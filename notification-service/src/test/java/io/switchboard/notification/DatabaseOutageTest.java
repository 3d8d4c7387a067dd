package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.Infrastructure;
import io.switchboard.devstack.SharedDevStack;

/**
 * PostgreSQL goes away while chat events keep coming, as it does in a failover or a restart: no
 * notification is lost, the events keep their order, and readiness says the consumer is stuck for
 * as long as it is. PostgreSQL serves the whole test JVM, so every test brings it back in
 * {@code finally}.
 */
@QuarkusTest
class DatabaseOutageTest extends DevStackResources {

    /** The outage the service promises to ride out (six times as long as it once tried an event before skipping it). */
    private static final Duration OUTAGE = Duration.ofSeconds(30);
    /** Queries hang meanwhile; readiness as a whole does not answer (the database's check hangs too). */
    private static final Duration STALL = Duration.ofSeconds(5);
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String CHAT = "chat_messages";
    private static final String CONSUMER_CHECK = "Chat events consumer";

    private final Infrastructure infra = SharedDevStack.get();

    @BeforeEach
    void consuming() throws Exception {
        Kafka.awaitConsumer();
    }

    @Test
    void aMessageSentWhileTheDatabaseIsDownIsNotifiedOnceItIsBack() throws Exception {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);

        infra.stopPostgres();
        try {
            chat.send(ann, "sent as the database went down");
            Thread.sleep(OUTAGE.dividedBy(2).toMillis()); // the outage itself, not a wait for a result
            chat.send(ann, "sent while the database is down");
            Thread.sleep(OUTAGE.dividedBy(2).toMillis()); // the rest of the outage
        } finally {
            infra.startPostgres();
        }

        var notification = await().atMost(WAIT).ignoreExceptions()
                .until(() -> bob.notifications(CHAT), list -> !list.isEmpty()
                        && Integer.valueOf(2).equals(list.getFirst().get("unread_count"))).getFirst();
        assertThat(notification).as("one notification counting both messages, the latest shown")
                .containsEntry("unread_count", 2).containsEntry("body", "sent while the database is down");
        assertThat(bob.notifications(CHAT)).as("nothing twice").hasSize(1);
    }

    @Test
    void readinessIsDownWhileEventsCannotBeStoredAndTheyAreAppliedInOrderAfterwards() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);

        infra.stopPostgres();
        try {
            chat.send(ann, "one");
            chat.send(ann, "two");
            chat.read(bob, 1);
            // a few tries, the later ones holding all three events
            var stuck = await().atMost(WAIT).until(DatabaseOutageTest::consumerCheck,
                    check -> "DOWN".equals(check.get("status")) && attempts(check) >= 4);
            @SuppressWarnings("unchecked")
            var data = (Map<String, Object>) stuck.get("data");
            assertThat(data).containsKeys("retrying_since", "attempts", "last_error");
            assertThat((String) data.get("waiting_at")).startsWith("switchboard.chat-events-");
        } finally {
            infra.startPostgres();
        }

        await().atMost(WAIT).until(DatabaseOutageTest::consumerCheck, check -> "UP".equals(check.get("status")));
        var notification = await().atMost(WAIT).ignoreExceptions()
                .until(() -> bob.notifications(CHAT), list -> !list.isEmpty()).getFirst();
        assertThat(notification).as("the read came after both messages")
                .containsEntry("unread_count", 1).containsEntry("body", "two");
        assertThat(StubChats.asked(chat.id)).as("whom the waiting events are for was kept through every try")
                .containsExactly(1L);
    }

    @Test
    void aMessageSentWhileTheDatabaseHangsIsNotifiedOnceItAnswersAgain() throws Exception {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);

        infra.stallPostgres();
        try {
            chat.send(ann, "sent while the database hangs");
            Thread.sleep(STALL.toMillis()); // the stall itself, not a wait for a result
        } finally {
            infra.resumePostgres();
        }

        var notification = await().atMost(WAIT).ignoreExceptions()
                .until(() -> bob.notifications(CHAT), list -> !list.isEmpty()).getFirst();
        assertThat(notification).containsEntry("body", "sent while the database hangs");
        await().atMost(WAIT).until(DatabaseOutageTest::consumerCheck, check -> "UP".equals(check.get("status")));
    }

    @SuppressWarnings("unchecked")
    private static int attempts(Map<String, Object> check) {
        var data = (Map<String, Object>) check.get("data");
        return data == null || data.get("attempts") == null ? 0 : ((Number) data.get("attempts")).intValue();
    }

    /** The consumer's own readiness check, whatever the database's check says meanwhile. */
    private static Map<String, Object> consumerCheck() {
        List<Map<String, Object>> checks = given().get("/q/health/ready").jsonPath().getList("checks");
        return checks.stream().filter(check -> CONSUMER_CHECK.equals(check.get("name"))).findFirst().orElseThrow();
    }
}
