package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.LongStream;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;

/** Concurrent senders into one chat leave a gapless, repeat-free log, and Kafka holds it in that order. */
@QuarkusTest
class OrderingTest {

    private static final int THREADS = 8;
    private static final int PER_THREAD = 200;

    @Inject
    AgroalDataSource db;

    @Test
    void eightThreadsTimesTwoHundredMessagesKeepOneStrictOrder() throws Exception {
        var owner = TestUser.create();
        var senders = new ArrayList<TestUser>();
        for (int i = 0; i < THREADS; i++) {
            senders.add(TestUser.create());
        }
        var chat = owner.group("Busy", senders.toArray(TestUser[]::new));
        var start = new CountDownLatch(1);
        try (var pool = Executors.newFixedThreadPool(THREADS)) {
            var done = new ArrayList<Future<?>>();
            for (TestUser sender : senders) {
                done.add(pool.submit(() -> {
                    start.await();
                    for (int i = 0; i < PER_THREAD; i++) {
                        sender.send(chat, sender.name() + "-" + i);
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }

        long total = 1 + THREADS * PER_THREAD; // chat.created, then every message
        var logged = new ArrayList<Long>();
        long messages;
        try (var c = db.getConnection()) {
            try (var s = c.prepareStatement("SELECT seq FROM chat_events WHERE chat_id = ? ORDER BY event_no")) {
                s.setObject(1, UUID.fromString(chat));
                var rows = s.executeQuery();
                while (rows.next()) {
                    logged.add(rows.getLong(1));
                }
            }
            try (var s = c.prepareStatement("SELECT count(*) FROM messages WHERE chat_id = ?")) {
                s.setObject(1, UUID.fromString(chat));
                var rows = s.executeQuery();
                rows.next();
                messages = rows.getLong(1);
            }
        }
        assertThat(logged).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        assertThat(messages).isEqualTo(THREADS * PER_THREAD);

        var published = ChatEventsTopic.eventsOf(chat, (int) total);
        assertThat(published).extracting(ChatEvent::seq)
                .containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
        // Each sender's own messages keep the order they were sent in.
        for (TestUser sender : senders) {
            var own = published.stream()
                    .filter(e -> sender.id().equals(e.actorId()))
                    .map(e -> ((io.switchboard.contracts.chat.ChatEventData.MessageCreated) e.data()).message().content())
                    .toList();
            assertThat(own).containsExactlyElementsOf(
                    java.util.stream.IntStream.range(0, PER_THREAD).mapToObj(i -> sender.name() + "-" + i).toList());
        }
    }
}
