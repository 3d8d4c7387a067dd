package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.devstack.SharedDevStack;

/**
 * A broker that stops answering for longer than any request timeout, with its connections open
 * (a long GC pause, a frozen VM), must not make the outbox publish an event twice: the broker
 * may have written a batch whose acknowledgement never came, so resending it as new records
 * would put it on the topic a second time.
 */
@QuarkusTest
class KafkaStallTest {

    /** Several of the producer's request timeouts (5 s), and longer than a 15 s delivery timeout. */
    private static final Duration STALL = Duration.ofSeconds(25);

    @Inject
    AgroalDataSource db;

    @Test
    void eventsSentWhileTheBrokerIsStalledReachTheTopicExactlyOnce() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        ChatEventsTopic.eventsOf(chat, 1); // the relay is connected and idle
        var kafka = SharedDevStack.get();
        int sent = 6;
        kafka.stallKafka();
        try {
            for (int i = 1; i <= sent; i++) {
                ann.send(chat, "during the stall " + i); // sends need PostgreSQL only
            }
            // the relay has handed them to the producer; hold the stall past its timeouts
            await().during(STALL).atMost(STALL.plusSeconds(10)).until(() -> unpublished(chat) == sent);
        } finally {
            kafka.resumeKafka();
        }
        await().atMost(Duration.ofSeconds(90)).until(() -> unpublished(chat) == 0);
        var events = ChatEventsTopic.eventsOf(chat, 1 + sent);
        assertThat(events).extracting(ChatEvent::id).doesNotHaveDuplicates();
        assertThat(events).extracting(ChatEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, 1 + sent).boxed().toList());
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
