package io.switchboard.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

import jakarta.inject.Inject;

import org.jboss.logmanager.ExtLogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;

/** A message's recipients who are offline learn what they missed: one notification per chat. */
@QuarkusTest
class OfflineNotificationsTest extends DevStackResources {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String CHAT = "chat_messages";

    @Inject
    MockMailbox mailbox;

    @BeforeEach
    void consuming() throws Exception {
        Kafka.awaitConsumer();
    }

    @AfterEach
    void presenceAnswers() {
        StubPresence.unavailable = false;
    }

    @Test
    void anOfflineRecipientGetsOneNotificationPerChatCountingItsMessages() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        chat.send(ann, "one");
        chat.send(ann, "two");
        var last = chat.send(ann, "three");

        var notification = awaitOnly(bob, n -> n.get("unread_count").equals(3));
        assertThat(notification).containsEntry("type", "chat_messages")
                .containsEntry("chat_id", chat.id.toString())
                .containsEntry("title", "3 new messages")
                .containsEntry("body", "three")
                .containsEntry("read", false);
        @SuppressWarnings("unchecked")
        var lastMessage = (Map<String, Object>) ((Map<String, Object>) notification.get("data")).get("last_message");
        assertThat(lastMessage).containsEntry("id", last.id().toString()).containsEntry("seq", 3)
                .containsEntry("sender_id", ann.id().toString());
        assertThat(ann.notifications(CHAT)).as("the sender is not notified").isEmpty();

        var other = new Kafka.Chat(ann, bob);
        other.send(ann, "elsewhere");
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.unread(CHAT)).hasSize(2));
    }

    @Test
    void onlineRecipientsAndMembersWhoMutedTheChatAreNotNotified() {
        var ann = Person.user();
        var online = Person.user();
        var muted = Person.user();
        var offline = Person.user();
        StubPresence.ONLINE.add(online.id());
        var chat = new Kafka.Chat(ann, online, muted, offline);

        chat.send(ann, "hello all", muted);

        awaitOnly(offline, n -> n.get("unread_count").equals(1));
        assertThat(online.notifications(CHAT)).isEmpty();
        assertThat(muted.notifications(CHAT)).isEmpty();
    }

    /**
     * A message is for the members who were offline when it was sent, however late this service
     * gets to it: one who was online then is not notified because they are offline by now.
     */
    @Test
    void aMessageHandledLateDoesNotNotifyWhoWasOnlineWhenItWasSent() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        StubPresence.cameOnline(bob.id());
        chat.unpublished(() -> chat.send(ann, "while you were here"));
        var sentWhileOnline = chat.last();
        StubPresence.wentOffline(bob.id());

        chat.repeat(sentWhileOnline); // reaches the service only now
        chat.send(ann, "after you left");

        var notification = awaitOnly(bob, n -> n.get("body").equals("after you left"));
        assertThat(notification).as("the message sent while online does not count").containsEntry("unread_count", 1);
    }

    @Test
    void readingTheChatClearsWhatWasRead() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        chat.send(ann, "one");
        var second = chat.send(ann, "two");
        var third = chat.send(ann, "three");
        awaitOnly(bob, n -> n.get("unread_count").equals(3));

        chat.read(bob, second.seq());
        awaitOnly(bob, n -> n.get("unread_count").equals(1) && n.get("body").equals("three"));

        chat.read(bob, third.seq());
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.notifications(CHAT)).isEmpty());

        chat.send(ann, "four");
        awaitOnly(bob, n -> n.get("unread_count").equals(1) && n.get("title").equals("1 new message"));
    }

    @Test
    void editedAndDeletedMessagesChangeTheNotification() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        var first = chat.send(ann, "first");
        var second = chat.send(ann, "second");
        awaitOnly(bob, n -> n.get("unread_count").equals(2));

        chat.delete(ann, second);
        awaitOnly(bob, n -> n.get("unread_count").equals(1) && n.get("body").equals("first"));

        chat.edit(ann, first, "first, corrected");
        awaitOnly(bob, n -> n.get("body").equals("first, corrected"));

        chat.delete(ann, first);
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.notifications(CHAT)).isEmpty());
    }

    @Test
    void aMessageDeletedBeforeItWasPublishedNotifiesNobody() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        chat.sendDeleted(ann);
        chat.send(ann, "after it");
        awaitOnly(bob, n -> n.get("body").equals("after it"));
        assertThat(bob.notifications(CHAT)).singleElement()
                .satisfies(n -> assertThat(n.get("unread_count")).isEqualTo(1));
    }

    @Test
    void anEventDeliveredTwiceCountsOnceAndCannotBringBackARead() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        chat.send(ann, "one");
        var firstEvent = chat.last();
        chat.repeat(firstEvent);
        chat.send(ann, "two");
        var secondEvent = chat.last();
        awaitOnly(bob, n -> n.get("unread_count").equals(2));

        chat.read(bob, 2);
        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.notifications(CHAT)).isEmpty());
        chat.repeat(secondEvent);
        chat.send(ann, "three");

        awaitOnly(bob, n -> n.get("unread_count").equals(1) && n.get("body").equals("three"));
    }

    @Test
    void aNotificationMarkedReadStaysReadWhenItsMessageComesAgain() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        chat.send(ann, "one");
        var firstEvent = chat.last();
        var id = awaitOnly(bob, n -> n.get("unread_count").equals(1)).get("id");
        bob.request().post("/api/notifications/" + id + "/read").then().statusCode(204);

        chat.repeat(firstEvent);
        chat.send(ann, "two");

        await().atMost(WAIT).until(() -> bob.unread(CHAT), list -> list.size() == 1
                && list.getFirst().get("unread_count").equals(1) && list.getFirst().get("body").equals("two"));
    }

    @Test
    void leavingTheChatClearsItsNotification() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        chat.send(ann, "before you go");
        awaitOnly(bob, n -> n.get("unread_count").equals(1));

        chat.remove(bob);

        await().atMost(WAIT).untilAsserted(() -> assertThat(bob.notifications(CHAT)).isEmpty());
    }

    @Test
    void anUnreadableRecordIsSkippedWithAWarningSayingWhereAndTheChatGoesOn() {
        var warnings = new CopyOnWriteArrayList<String>();
        var handler = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record.getLevel().intValue() >= Level.WARNING.intValue() && record instanceof ExtLogRecord ext) {
                    warnings.add(ext.getFormattedMessage());
                }
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        var logger = Logger.getLogger("io.switchboard.notification.offline");
        logger.addHandler(handler);
        try {
            var ann = Person.user();
            var bob = Person.user();
            var chat = new Kafka.Chat(ann, bob);
            chat.sendUnreadable();
            chat.send(ann, "after the unreadable one");

            awaitOnly(bob, n -> n.get("body").equals("after the unreadable one"));
            assertThat(warnings).anySatisfy(warning -> assertThat(warning)
                    .startsWith("Skipping an unreadable chat event at switchboard.chat-events-"));
        } finally {
            logger.removeHandler(handler);
        }
    }

    @Test
    void whenPresenceCannotBeAskedEveryRecipientCountsAsOffline() {
        var ann = Person.user();
        var bob = Person.user();
        StubPresence.ONLINE.add(bob.id());
        StubPresence.unavailable = true;
        var chat = new Kafka.Chat(ann, bob);

        chat.send(ann, "better twice than never");

        awaitOnly(bob, n -> n.get("unread_count").equals(1));
    }

    @Test
    void aNewNotificationIsEmailedOnceToRecipientsWithAnAddress() {
        var ann = Person.user();
        var bob = Person.user();
        var carol = Person.user();
        StubAuth.EMAILS.put(bob.id(), bob.name() + "@example.com");
        var chat = new Kafka.Chat(ann, bob, carol);

        chat.send(ann, "are you there?");
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(mailbox.getMailsSentTo(bob.name() + "@example.com")).hasSize(1));
        var mail = mailbox.getMailsSentTo(bob.name() + "@example.com").getFirst();
        assertThat(mail.getSubject()).isEqualTo("1 new message");
        assertThat(mail.getText()).contains("are you there?");

        chat.send(ann, "hello?");
        awaitOnly(bob, n -> n.get("unread_count").equals(2));
        awaitOnly(carol, n -> n.get("unread_count").equals(2));
        assertThat(mailbox.getMailsSentTo(bob.name() + "@example.com")).as("one mail per notification").hasSize(1);
    }

    @Test
    void aRejectedServiceTokenIsRenewedAndTheMailStillGoes() {
        var ann = Person.user();
        var bob = Person.user();
        StubAuth.EMAILS.put(bob.id(), bob.name() + "@example.com");
        int tokens = StubAuth.TOKENS_ISSUED.get();
        StubAuth.REJECT_NEXT.set(1);

        new Kafka.Chat(ann, bob).send(ann, "after a key rotation");

        await().atMost(WAIT).untilAsserted(() ->
                assertThat(mailbox.getMailsSentTo(bob.name() + "@example.com")).hasSize(1));
        assertThat(StubAuth.TOKENS_ISSUED.get()).as("a new token was fetched").isGreaterThan(tokens);
    }

    /** Waits until the user has exactly one notification and it matches; returns it. */
    private static Map<String, Object> awaitOnly(Person user, java.util.function.Predicate<Map<String, Object>> matching) {
        return await().atMost(WAIT).until(() -> user.notifications(CHAT),
                list -> list.size() == 1 && matching.test(list.getFirst())).getFirst();
    }
}
