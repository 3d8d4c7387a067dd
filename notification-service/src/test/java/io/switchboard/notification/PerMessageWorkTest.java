package io.switchboard.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import javax.sql.DataSource;

import jakarta.inject.Inject;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;

/**
 * A message costs the same whatever the size of its chat: once the members who are offline have
 * their notification of the chat, each further message writes one row (the message, for its chat)
 * and asks nobody's presence; the members who are online are asked about once per batch of
 * messages, not once per message. Rows written are counted by a trigger on every table a message
 * may write, for the chat under test only.
 */
@QuarkusTest
class PerMessageWorkTest extends DevStackResources {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final int MESSAGES = 20;

    @Inject
    DataSource db;

    @BeforeEach
    void consuming() throws Exception {
        Kafka.awaitConsumer();
        execute("""
                CREATE TABLE IF NOT EXISTS test_row_writes (table_name text, chat_id uuid, operation text);
                CREATE OR REPLACE FUNCTION test_count_row_writes() RETURNS trigger AS $$
                BEGIN
                    INSERT INTO test_row_writes VALUES (TG_TABLE_NAME,
                        CASE WHEN TG_OP = 'DELETE' THEN OLD.chat_id ELSE NEW.chat_id END, TG_OP);
                    RETURN NULL;
                END $$ LANGUAGE plpgsql;
                DROP TRIGGER IF EXISTS test_count_row_writes ON notifications;
                DROP TRIGGER IF EXISTS test_count_row_writes ON chat_messages;
                DROP TRIGGER IF EXISTS test_count_row_writes ON chat_read_marks;
                CREATE TRIGGER test_count_row_writes AFTER INSERT OR UPDATE OR DELETE ON notifications
                    FOR EACH ROW EXECUTE FUNCTION test_count_row_writes();
                CREATE TRIGGER test_count_row_writes AFTER INSERT OR UPDATE OR DELETE ON chat_messages
                    FOR EACH ROW EXECUTE FUNCTION test_count_row_writes();
                CREATE TRIGGER test_count_row_writes AFTER INSERT OR UPDATE OR DELETE ON chat_read_marks
                    FOR EACH ROW EXECUTE FUNCTION test_count_row_writes();""");
    }

    @Test
    void rowsWrittenPerMessageDoNotGrowWithTheChatsOfflineMembers() throws Exception {
        var small = writesPerLaterMessage(5);
        var large = writesPerLaterMessage(300);

        assertThat(large).as("rows written by %d messages to 300 offline members", MESSAGES)
                .isEqualTo(small).containsExactly(Map.entry("chat_messages INSERT", (long) MESSAGES));
    }

    @Test
    void presenceOfAGroupsOnlineMembersIsAskedOncePerWindowNotOncePerMessage() throws Exception {
        var sender = Person.user();
        var members = IntStream.range(0, 50).mapToObj(i -> Person.user()).toList();
        members.forEach(member -> StubPresence.ONLINE.add(member.id()));
        var everyone = new ArrayList<>(members);
        everyone.add(sender);
        var chat = new Kafka.Chat(everyone.toArray(Person[]::new));
        chat.send(sender, "first");
        await().atMost(WAIT).until(() -> messagesStored(chat.id) == 1);
        int asks = StubPresence.ASKS.get();

        // 30 messages 20 ms apart: fetched as each arrives, they took 10 asks here; in 0.5 s windows, 2
        var sends = Executors.newSingleThreadScheduledExecutor();
        try {
            var sent = new CountDownLatch(30);
            sends.scheduleAtFixedRate(() -> {
                if (sent.getCount() > 0) {
                    chat.send(sender, "more");
                    sent.countDown();
                }
            }, 0, 20, TimeUnit.MILLISECONDS);
            assertThat(sent.await(60, TimeUnit.SECONDS)).isTrue();
        } finally {
            sends.shutdownNow();
        }
        await().atMost(WAIT).until(() -> messagesStored(chat.id) == 31);

        assertThat(StubPresence.ASKS.get() - asks).as("presence asks for 30 messages sent over about 0.6 s")
                .isBetween(1, 5);
        assertThat(members.getFirst().notifications("chat_messages")).isEmpty();
    }

    private long messagesStored(UUID chat) throws Exception {
        return count("SELECT count(*) FROM test_row_writes WHERE chat_id = '" + chat
                + "' AND table_name = 'chat_messages' AND operation = 'INSERT'");
    }

    /** Rows written, by table and operation, for the messages after the first to a chat of this many offline members. */
    private Map<String, Long> writesPerLaterMessage(int offlineMembers) throws Exception {
        var sender = Person.user();
        var members = IntStream.range(0, offlineMembers).mapToObj(i -> Person.user()).toList();
        var everyone = new ArrayList<>(members);
        everyone.add(sender);
        var chat = new Kafka.Chat(everyone.toArray(Person[]::new));

        chat.send(sender, "first");
        await().atMost(WAIT).until(() -> count("SELECT count(*) FROM notifications WHERE chat_id = '" + chat.id
                + "' AND read_at IS NULL") == offlineMembers);
        int asked = StubPresence.USERS_ASKED.get();
        execute("DELETE FROM test_row_writes WHERE chat_id = '" + chat.id + "'");

        for (int i = 0; i < MESSAGES; i++) {
            chat.send(sender, "more " + i);
        }
        var someone = members.getLast();
        await().atMost(WAIT).until(() -> someone.notifications("chat_messages").stream()
                .anyMatch(n -> n.get("unread_count").equals(MESSAGES + 1)));
        assertThat(StubPresence.USERS_ASKED.get()).as("presence asked for nobody: everyone has a notification")
                .isEqualTo(asked);
        return writes(chat.id);
    }

    private Map<String, Long> writes(UUID chat) throws Exception {
        var found = new TreeMap<String, Long>();
        try (var connection = db.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery("SELECT table_name || ' ' || operation, count(*) FROM test_row_writes"
                     + " WHERE chat_id = '" + chat + "' GROUP BY 1")) {
            while (rows.next()) {
                found.put(rows.getString(1), rows.getLong(2));
            }
        }
        return found;
    }

    private void execute(String sql) throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }

    private long count(String sql) throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement();
             var rows = statement.executeQuery(sql)) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
