package io.switchboard.chat.event;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;

import jakarta.inject.Inject;
import jakarta.persistence.EntityManager;
import jakarta.transaction.UserTransaction;

import org.hibernate.Session;
import org.hibernate.jdbc.ReturningWork;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.contracts.chat.ChatEvent;
import io.switchboard.contracts.chat.ChatEventCodec;
import io.switchboard.contracts.chat.ChatEventData;
import io.switchboard.contracts.chat.MessageView;

/**
 * The statements of {@link ChatEvents} that no API test reaches directly. Each test works in a
 * transaction it rolls back, on a chat id of its own (chat_events has no foreign key), so the
 * outbox relay never sees its rows and other tests never see them either.
 */
@QuarkusTest
class ChatEventsTest {

    private static final Instant LONG_AGO = Instant.parse("2000-01-01T00:00:00Z");

    @Inject
    ChatEvents events;

    @Inject
    EntityManager em;

    @Inject
    UserTransaction transaction;

    private final ChatEventCodec codec = new ChatEventCodec();
    private final UUID chat = UUID.randomUUID();
    private final UUID actor = UUID.randomUUID();

    @Test
    void onlyTheAcknowledgedEventsAreMarkedPublished() {
        rolledBack(() -> {
            for (long seq = 1; seq <= 3; seq++) {
                store(seq, new ChatEventData.MessagesRead(actor, seq), Instant.now());
            }
            var before = jdbc(c -> events.unpublished(c, Integer.MAX_VALUE));
            assertThat(before).isSortedAccordingTo(Comparator.comparingLong(Unpublished::eventNo));
            var mine = ofThisChat(before);
            assertThat(mine).extracting(Unpublished::chatId).containsOnly(chat.toString());
            assertThat(mine).hasSize(3);

            var acknowledged = mine.subList(0, 2).stream().map(Unpublished::eventNo).toList();
            jdbc(c -> {
                events.markPublished(c, acknowledged);
                events.markPublished(c, List.of()); // nothing to mark: no statement
                return null;
            });

            assertThat(ofThisChat(jdbc(c -> events.unpublished(c, Integer.MAX_VALUE))))
                    .containsExactly(mine.get(2));
            assertThat(publishedAt(acknowledged.get(0))).isNotNull();
            assertThat(publishedAt(acknowledged.get(1))).isNotNull();
            assertThat(publishedAt(mine.get(2).eventNo())).isNull();
            List<Unpublished> oldest = jdbc(c -> events.unpublished(c, 1));
            assertThat(oldest).hasSize(1);
        });
    }

    @Test
    void aMessagesEventsAreItsCreationAndItsEditsOnly() {
        rolledBack(() -> {
            var first = message(1, "first");
            var second = message(2, "second");
            store(1, new ChatEventData.MessageCreated(first, List.of()), Instant.now());
            store(2, new ChatEventData.MessageCreated(second, List.of()), Instant.now());
            store(3, new ChatEventData.MessageUpdated(first.id(), "first, edited", Instant.now()), Instant.now());
            store(4, new ChatEventData.MessageUpdated(second.id(), "quoting " + first.id(), Instant.now()),
                    Instant.now()); // names the first message in its text only
            store(5, new ChatEventData.MessageDeleted(first.id(), actor), Instant.now());

            var found = events.ofMessage(first).stream().map(s -> codec.decode(s.envelope())).toList();

            assertThat(found).extracting(ChatEvent::seq).containsExactly(1L, 3L);
        });
    }

    @Test
    void replacingAnEnvelopeKeepsTheRowPublished() {
        rolledBack(() -> {
            var view = message(1, "before");
            store(1, new ChatEventData.MessageCreated(view, List.of()), Instant.now());
            var stored = events.ofMessage(view).getFirst();
            jdbc(c -> {
                events.markPublished(c, List.of(stored.eventNo()));
                return null;
            });
            var published = publishedAt(stored.eventNo());

            var rewritten = codec.decode(stored.envelope())
                    .withData(new ChatEventData.MessageCreated(message(1, "after"), List.of()));
            events.replaceEnvelope(stored.eventNo(), codec.encodeToString(rewritten));

            var now = events.ofMessage(view).getFirst();
            assertThat(codec.decode(now.envelope()).data()).isInstanceOfSatisfying(ChatEventData.MessageCreated.class,
                    created -> assertThat(created.message().content()).isEqualTo("after"));
            assertThat(publishedAt(stored.eventNo())).isEqualTo(published);
        });
    }

    @Test
    void aPageHoldsWhatFitsButAlwaysTheFirst() {
        rolledBack(() -> {
            for (long seq = 1; seq <= 3; seq++) {
                store(seq, new ChatEventData.MessagesRead(actor, seq), Instant.now());
            }
            var all = events.page(chat, 0, 10, Integer.MAX_VALUE);
            assertThat(all).hasSize(3);
            int firstTwo = bytes(all.get(0)) + bytes(all.get(1));

            assertThat(events.page(chat, 0, 10, 1)).containsExactly(all.get(0));
            assertThat(events.page(chat, 0, 10, firstTwo)).containsExactly(all.get(0), all.get(1));
            assertThat(events.page(chat, 0, 10, firstTwo - 1)).containsExactly(all.get(0));
            assertThat(events.page(chat, 1, 1, Integer.MAX_VALUE)).containsExactly(all.get(1));
            assertThat(events.oldestSeq(chat)).hasValue(1);
            assertThat(events.oldestSeq(UUID.randomUUID())).isEmpty();
        });
    }

    @Test
    void theRetentionDeletesOnlyPublishedEventsOlderThanTheCutoff() {
        rolledBack(() -> {
            store(1, new ChatEventData.MessagesRead(actor, 1), LONG_AGO);
            store(2, new ChatEventData.MessagesRead(actor, 2), LONG_AGO); // old, but never published
            store(3, new ChatEventData.MessagesRead(actor, 3), LONG_AGO.plusSeconds(86_400 * 400));
            var mine = ofThisChat(jdbc(c -> events.unpublished(c, Integer.MAX_VALUE)));
            jdbc(c -> {
                events.markPublished(c, List.of(mine.get(0).eventNo(), mine.get(2).eventNo()));
                return null;
            });

            assertThat(events.deletePublishedBefore(LONG_AGO.plusSeconds(86_400 * 365))).isEqualTo(1);

            assertThat(events.oldestSeq(chat)).hasValue(2);
            assertThat(events.page(chat, 0, 10, Integer.MAX_VALUE)).extracting(e -> codec.decode(e).seq())
                    .containsExactly(2L, 3L);
        });
    }

    private void store(long seq, ChatEventData data, Instant time) {
        var event = ChatEvent.of(chat, seq, actor, data, time);
        events.insert(event, codec.encodeToString(event));
    }

    private MessageView message(long seq, String content) {
        var id = UUID.nameUUIDFromBytes((chat + ":" + seq).getBytes());
        return new MessageView(id, chat, seq, actor, content, "text", Instant.now(), null, false);
    }

    private List<Unpublished> ofThisChat(List<Unpublished> rows) {
        return rows.stream().filter(r -> r.chatId().equals(chat.toString())).toList();
    }

    private OffsetDateTime publishedAt(long eventNo) {
        return jdbc(c -> {
            try (var s = c.prepareStatement("SELECT published_at FROM chat_events WHERE event_no = ?")) {
                s.setLong(1, eventNo);
                try (var rows = s.executeQuery()) {
                    assertThat(rows.next()).isTrue();
                    return rows.getObject(1, OffsetDateTime.class);
                }
            }
        });
    }

    private static int bytes(String envelope) {
        return envelope.getBytes(StandardCharsets.UTF_8).length;
    }

    private <T> T jdbc(ReturningWork<T> work) {
        return em.unwrap(Session.class).doReturningWork(work);
    }

    /** Runs the test's statements in one transaction and rolls it back. */
    private void rolledBack(Runnable body) {
        try {
            transaction.begin();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        try {
            body.run();
        } finally {
            try {
                transaction.rollback();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }
}
