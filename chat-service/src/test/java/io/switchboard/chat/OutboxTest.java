package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.narayana.jta.QuarkusTransaction;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.chat.event.EventLog;
import io.switchboard.chat.outbox.OutboxRelay;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.devstack.SharedDevStack;

/** What committed is published, even across failures; what rolled back never is. */
@QuarkusTest
class OutboxTest {

    @Inject
    OutboxRelay relay;

    @Inject
    EventLog log;

    @Inject
    AgroalDataSource db;

    @Test
    void eventsCommittedWhileKafkaIsDownArePublishedWhenItReturns() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        ChatEventsTopic.eventsOf(chat, 1);
        SharedDevStack.get().stopKafka();
        try {
            ann.send(chat, "while down 1");
            ann.send(chat, "while down 2");
            assertThat(unpublished(chat)).isEqualTo(2);
        } finally {
            SharedDevStack.get().startKafka();
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> unpublished(chat) == 0);
        assertThat(ChatEventsTopic.eventsOf(chat, 3)).extracting(ChatEvent::seq).containsExactly(1L, 2L, 3L);
    }

    @Test
    void anEventLeftUnpublishedAtCommitIsPublishedOnceTheRelayRuns() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        ChatEventsTopic.eventsOf(chat, 1);
        relay.pause(); // the process "dies" between commit and publish
        try {
            ann.send(chat, "committed, not yet published");
            await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> unpublished(chat) == 1);
        } finally {
            relay.resume();
        }
        await().atMost(Duration.ofSeconds(30)).until(() -> unpublished(chat) == 0);
        var events = ChatEventsTopic.eventsOf(chat, 2);
        assertThat(events).extracting(ChatEvent::seq).containsExactly(1L, 2L);
    }

    @Test
    void aRolledBackChangePublishesNothingAndLeavesNoGap() throws Exception {
        var ann = TestUser.create();
        var chat = UUID.fromString(ann.directChatWith(TestUser.create()));
        try {
            QuarkusTransaction.requiringNew().run(() -> {
                log.record(chat, ann.id(), new ChatEventData.ChatUpdated("never", null), true);
                throw new IllegalStateException("the change fails after its event was written");
            });
        } catch (IllegalStateException expected) {
            // rolled back
        }
        ann.send(chat.toString(), "after the rollback");
        var events = ChatEventsTopic.eventsOf(chat.toString(), 2);
        assertThat(events).extracting(ChatEvent::type).containsExactly("chat.created", "message.created");
        assertThat(events).extracting(ChatEvent::seq).containsExactly(1L, 2L);
    }

    private long unpublished(String chat) throws Exception {
        try (var c = db.getConnection();
             var s = c.prepareStatement("SELECT count(*) FROM chat_events WHERE chat_id = ? AND published_at IS NULL")) {
            s.setObject(1, UUID.fromString(chat));
            var rows = s.executeQuery();
            rows.next();
            return rows.getLong(1);
        }
    }
}
