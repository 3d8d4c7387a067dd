package io.switchboard.notification;

import static io.restassured.RestAssured.given;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * Chat events do not say whom they are for: the service follows each chat's members in the event
 * stream, and asks chat-service only for a chat it has not followed from an exact point. A message
 * reaches exactly the members it was sent to, and an event whose members cannot be read waits
 * until they can.
 */
@QuarkusTest
class ChatMembershipTest extends DevStackResources {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHAT = "chat_messages";
    private static final String CONSUMER_CHECK = "Chat events consumer";

    @BeforeEach
    void consuming() throws Exception {
        Kafka.awaitConsumer();
    }

    @AfterEach
    void chatServiceAnswers() {
        StubChats.unavailable = false;
    }

    @Test
    void aChatFirstSeenMidwayNotifiesItsMembersAsChatServiceKnowsThemThenAndIsFollowedFromThere() {
        var ann = Person.user();
        var bob = Person.user();
        var carol = Person.user();
        var dave = Person.user();
        var chat = new Kafka.Chat(ann, bob, carol);
        chat.unpublished(() -> {
            chat.send(ann, "before the service was watching");
            chat.add(dave, ann);
            chat.remove(carol);
        });

        var news = chat.send(ann, "news");

        awaitOnly(bob, n -> n.get("unread_count").equals(1) && n.get("body").equals("news"));
        awaitOnly(dave, n -> n.get("unread_count").equals(1) && n.get("body").equals("news"));
        assertThat(carol.notifications(CHAT)).as("she had left before the message").isEmpty();
        assertThat(ann.notifications(CHAT)).as("the sender").isEmpty();
        assertThat(StubChats.asked(chat.id)).as("asked for the members the message found").containsExactly(news.seq());

        chat.send(ann, "more news");
        awaitOnly(bob, n -> n.get("unread_count").equals(2));
        awaitOnly(dave, n -> n.get("unread_count").equals(2));
        assertThat(StubChats.asked(chat.id)).as("the next event follows from the copy").containsExactly(news.seq());
    }

    @Test
    void membersAddedAndRemovedInTheStreamAreFollowedWithoutAskingChatService() {
        var ann = Person.user();
        var bob = Person.user();
        var carol = Person.user();
        var dave = Person.user();
        var chat = Kafka.Chat.created(ann, bob, carol);

        chat.send(ann, "before dave");
        chat.add(dave, ann);
        chat.send(ann, "dave is in");
        chat.remove(carol);
        chat.send(ann, "carol is out");

        awaitOnly(bob, n -> n.get("unread_count").equals(3));
        awaitOnly(dave, n -> n.get("unread_count").equals(2) && n.get("body").equals("carol is out"));
        assertThat(carol.notifications(CHAT)).as("cleared when she left, and not notified since").isEmpty();
        assertThat(StubChats.asked(chat.id)).isEmpty();
    }

    @Test
    void aMessageWhoseMembersCannotBeReadWaitsAndIsNotifiedOnceChatServiceAnswers() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);

        StubChats.unavailable = true;
        try {
            chat.send(ann, "sent while chat-service is down");
            await().atMost(WAIT).until(() -> StubChats.asked(chat.id).size() >= 3); // refused, and tried again
            var stuck = await().atMost(WAIT).until(ChatMembershipTest::consumerCheck,
                    check -> "DOWN".equals(check.get("status")));
            @SuppressWarnings("unchecked")
            var data = (Map<String, Object>) stuck.get("data");
            assertThat((String) data.get("waiting_at")).startsWith("switchboard.chat-events-" + chat.partition() + "@");
            assertThat((String) data.get("last_error"))
                    .startsWith("chat-service could not tell the members of chat " + chat.id + " before event 1: ")
                    .contains("503");
            assertThat(bob.notifications(CHAT)).isEmpty();
        } finally {
            StubChats.unavailable = false;
        }

        awaitOnly(bob, n -> n.get("unread_count").equals(1) && n.get("body").equals("sent while chat-service is down"));
        await().atMost(WAIT).until(ChatMembershipTest::consumerCheck, check -> "UP".equals(check.get("status")));
    }

    @Test
    void aChatThatChatServiceNoLongerKnowsNotifiesNobodyAndHoldsNothingBack() {
        var ann = Person.user();
        var bob = Person.user();
        var deleted = new Kafka.Chat(ann, bob);
        StubChats.DELETED.add(deleted.id);
        var next = new Kafka.Chat(ann, bob);
        while (next.partition() != deleted.partition()) {
            next = new Kafka.Chat(ann, bob);
        }

        deleted.send(ann, "into a chat that is gone");
        next.send(ann, "after it, on the same partition");

        var notification = awaitOnly(bob, n -> n.get("body").equals("after it, on the same partition"));
        assertThat(notification).containsEntry("chat_id", next.id.toString());
        assertThat(StubChats.asked(deleted.id)).containsExactly(1L);
    }

    private static Map<String, Object> awaitOnly(Person user, Predicate<Map<String, Object>> matching) {
        return await().atMost(WAIT).until(() -> user.notifications(CHAT),
                list -> list.size() == 1 && matching.test(list.getFirst())).getFirst();
    }

    /** The consumer's own readiness check. */
    private static Map<String, Object> consumerCheck() {
        List<Map<String, Object>> checks = given().get("/q/health/ready").jsonPath().getList("checks");
        return checks.stream().filter(check -> CONSUMER_CHECK.equals(check.get("name"))).findFirst().orElseThrow();
    }
}
