package io.switchboard.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.mailer.MockMailbox;
import io.quarkus.test.junit.QuarkusTest;

/** A member mentioned while offline gets a notification of that message, muted chat or not. */
@QuarkusTest
class MentionsTest extends DevStackResources {

    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String MENTION = "mention";

    @Inject
    MockMailbox mailbox;

    @BeforeEach
    void consuming() throws Exception {
        Kafka.awaitConsumer();
    }

    @Test
    void anOfflineMentionedMemberIsNotifiedEvenInAMutedChatAndByMailOnce() {
        var ann = Person.user();
        var muted = Person.user();
        var online = Person.user();
        var other = Person.user();
        StubPresence.ONLINE.add(online.id());
        StubAuth.EMAILS.put(muted.id(), muted.name() + "@example.com");
        var chat = new Kafka.Chat(ann, muted, online, other);

        var message = chat.mention(ann, "@" + muted.name() + " look", List.of(muted, online, ann), muted);
        chat.repeat(chat.last()); // a repeated event notifies once

        var mention = await().atMost(WAIT).until(() -> muted.notifications(MENTION), list -> list.size() == 1)
                .getFirst();
        assertThat(mention).containsEntry("chat_id", chat.id.toString()).containsEntry("read", false)
                .containsEntry("body", "@" + muted.name() + " look");
        @SuppressWarnings("unchecked")
        var data = (Map<String, Object>) mention.get("data");
        assertThat(data).containsEntry("message_id", message.id().toString()).containsEntry("seq", 1)
                .containsEntry("sender_id", ann.id().toString());
        await().atMost(WAIT).untilAsserted(() ->
                assertThat(mailbox.getMailsSentTo(muted.name() + "@example.com")).hasSize(1));
        assertThat(muted.notifications("chat_messages")).as("muted: no chat notification").isEmpty();
        await().atMost(WAIT).until(() -> other.notifications("chat_messages"), list -> list.size() == 1);
        assertThat(online.notifications(MENTION)).as("online when it was sent").isEmpty();
        assertThat(ann.notifications(MENTION)).as("the sender").isEmpty();
        assertThat(other.notifications(MENTION)).as("not mentioned").isEmpty();
    }

    @Test
    void readingPastTheMessageReadsTheMentionAndDeletingTheMessageRemovesIt() {
        var ann = Person.user();
        var bob = Person.user();
        var chat = new Kafka.Chat(ann, bob);
        var first = chat.mention(ann, "first", List.of(bob));
        var second = chat.mention(ann, "second", List.of(bob));
        await().atMost(WAIT).until(() -> bob.unread(MENTION), list -> list.size() == 2);
        await().atMost(WAIT).until(() -> bob.unread("chat_messages"), list -> list.size() == 1);

        chat.read(bob, first.seq());
        await().atMost(WAIT).until(() -> bob.unread(MENTION), list -> list.size() == 1
                && list.getFirst().get("body").equals("second"));
        chat.delete(ann, second);
        await().atMost(WAIT).until(() -> bob.notifications(MENTION), list -> list.size() == 1
                && list.getFirst().get("body").equals("first"));
    }
}
