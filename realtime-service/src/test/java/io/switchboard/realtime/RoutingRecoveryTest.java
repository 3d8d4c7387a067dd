package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import jakarta.inject.Inject;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.awaitility.Awaitility;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.TestSocket;
import io.switchboard.realtime.cluster.Inbox;
import io.switchboard.realtime.cluster.InboxRecordCodec;

/**
 * A batch the router cannot route to the other instances (here: the directory cannot be read)
 * still reaches this instance's own sockets at once, which need no directory; it is not
 * acknowledged to Kafka, and once the directory is back the other instances get it, in order,
 * while the sockets here do not get it again.
 */
@QuarkusTest
class RoutingRecoveryTest extends DevStackResources {

    /** A slot no instance of this test claims: the one claimed here is the lowest free. */
    private static final int OTHER_SLOT = 7;

    @Inject
    StubChats chats;

    @Inject
    AgroalDataSource db;

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrapServers;

    private final InboxRecordCodec codec = new InboxRecordCodec();

    @Test
    void eventsReachLocalSocketsDuringADirectoryOutageAndTheOtherInstancesOnceItIsBack() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol"); // connected on another instance
        var otherInstance = UUID.randomUUID();
        execute("INSERT INTO realtime_instances (slot, instance_id, started_at, heartbeat_at) VALUES ("
                + OTHER_SLOT + ", '" + otherInstance + "', now(), now())");
        execute("INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away) VALUES ('"
                + carol.id() + "', " + OTHER_SLOT + ", '" + otherInstance + "', 1, 0)");
        try (var bobSocket = bob.connect(); var otherInbox = inboxOf(OTHER_SLOT)) {
            var chat = chats.group(alice.id(), bob.id(), carol.id());
            bobSocket.next("chat_created");
            chats.send(chat, alice.id(), "before");
            assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("before");
            assertThat(contents(otherInbox, 2, Duration.ofSeconds(10))).as("chat_created and 'before' for carol")
                    .hasSize(2).last().satisfies(frame -> assertThat(frame).contains("before"));

            execute("ALTER TABLE realtime_connections RENAME TO realtime_connections_away");
            // someone connects at the other instance: where carol is must be read again, and cannot be
            execute("UPDATE realtime_instances SET arrivals = arrivals + 1 WHERE slot = " + OTHER_SLOT);
            try {
                chats.send(chat, alice.id(), "during one");
                chats.send(chat, alice.id(), "during two");
                assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("during one");
                assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("during two");
                assertThat(contents(otherInbox, 1, Duration.ofSeconds(2))).as("nothing routed elsewhere").isEmpty();
            } finally {
                execute("ALTER TABLE realtime_connections_away RENAME TO realtime_connections");
                execute("UPDATE realtime_instances SET heartbeat_at = now() WHERE slot = " + OTHER_SLOT);
            }

            var routed = contents(otherInbox, 2, Duration.ofSeconds(30));
            assertThat(routed).hasSize(2);
            assertThat(routed.get(0)).contains("during one");
            assertThat(routed.get(1)).contains("during two");
            bobSocket.expectNone("new_message", Duration.ofSeconds(2)); // not written here a second time
        } finally {
            execute("DELETE FROM realtime_connections WHERE slot = " + OTHER_SLOT);
            execute("DELETE FROM realtime_instances WHERE slot = " + OTHER_SLOT);
        }
    }

    /**
     * After a PostgreSQL stall every instance's heartbeat is old at once: an instance that still
     * holds its slot is routed to however long ago it last heartbeat (left out, its users would
     * silently miss every event routed before its next heartbeat).
     */
    @Test
    void anInstanceWhoseHeartbeatIsLateIsStillRoutedTo() throws Exception {
        var alice = People.create("alice");
        var carol = People.create("carol");
        var otherInstance = UUID.randomUUID();
        // Later than the instance timeout (20 s), not yet as late as the clearing of dead instances (40 s).
        execute("INSERT INTO realtime_instances (slot, instance_id, started_at, heartbeat_at) VALUES ("
                + OTHER_SLOT + ", '" + otherInstance + "', now() - interval '1 minute', now() - interval '25 seconds')");
        execute("INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away) VALUES ('"
                + carol.id() + "', " + OTHER_SLOT + ", '" + otherInstance + "', 1, 0)");
        try (var otherInbox = inboxOf(OTHER_SLOT)) {
            var chat = chats.group(alice.id(), carol.id());
            chats.send(chat, alice.id(), "after the stall");
            var routed = contents(otherInbox, 2, Duration.ofSeconds(20));
            assertThat(routed).as("chat_created and the message for carol").hasSize(2);
            assertThat(routed.get(1)).contains("after the stall");
            assertThat(Metrics.value("switchboard_router_event_age_seconds_count{hop=\"polled_to_handed\""))
                    .as("the inbox hop is measured").isPositive();
        } finally {
            execute("DELETE FROM realtime_connections WHERE slot = " + OTHER_SLOT);
            execute("DELETE FROM realtime_instances WHERE slot = " + OTHER_SLOT);
        }
    }

    /**
     * An inbox write that Kafka refuses fails the batch: it is not acknowledged, and is routed
     * again until it goes through (here: once the user is found on an instance whose inbox takes
     * it). Logged and acknowledged anyway, the event was lost for that instance's users.
     */
    @Test
    void aBatchWhoseInboxWriteFailedIsRoutedAgain() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        var brokenInstance = UUID.randomUUID();
        var otherInstance = UUID.randomUUID();
        int noSuchPartition = 8; // the test inbox has partitions 0 to 7: a write to 8 fails
        execute("INSERT INTO realtime_instances (slot, instance_id, started_at, heartbeat_at) VALUES ("
                + noSuchPartition + ", '" + brokenInstance + "', now(), now()), ("
                + OTHER_SLOT + ", '" + otherInstance + "', now(), now())");
        try (var bobSocket = bob.connect(); var otherInbox = inboxOf(OTHER_SLOT)) {
            var chat = chats.group(alice.id(), bob.id(), carol.id());
            bobSocket.next("chat_created");
            execute("INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away) VALUES ('"
                    + carol.id() + "', " + noSuchPartition + ", '" + brokenInstance + "', 1, 0)");
            chats.send(chat, alice.id(), "refused once");
            assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("refused once");
            Thread.sleep(1_500); // the router tries, fails, and tries again meanwhile

            execute("UPDATE realtime_connections SET slot = " + OTHER_SLOT + ", instance_id = '" + otherInstance
                    + "' WHERE user_id = '" + carol.id() + "'");
            // chat_created may come along, when it was polled in the same batch as the message
            var routed = new ArrayList<String>();
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (routed.stream().noneMatch(frame -> frame.contains("refused once")) && System.nanoTime() < deadline) {
                routed.addAll(contents(otherInbox, 1, Duration.ofSeconds(1)));
            }
            routed.addAll(contents(otherInbox, 1, Duration.ofSeconds(1)));
            assertThat(routed.stream().filter(frame -> frame.contains("refused once")))
                    .as("the message carol's instance never got, once").hasSize(1);
            assertThat(routed.stream().filter(frame -> !frame.contains("refused once")))
                    .allSatisfy(frame -> assertThat(frame).contains("\"type\":\"chat_created\""));
            bobSocket.expectNone("new_message", Duration.ofSeconds(1)); // not written here a second time
        } finally {
            execute("DELETE FROM realtime_connections WHERE user_id = '" + carol.id() + "'");
            execute("DELETE FROM realtime_instances WHERE slot IN (" + noSuchPartition + ", " + OTHER_SLOT + ")");
        }
    }

    /**
     * A socket opened while the directory cannot be written is recorded once it can: dropped, the
     * other instances would never route to it until it reconnected.
     */
    @Test
    void aSocketOpenedWhileTheDirectoryCannotBeWrittenIsRecordedOnceItCan() throws Exception {
        var dave = People.create("dave");
        execute("ALTER TABLE realtime_connections RENAME TO realtime_connections_away");
        TestSocket daveSocket;
        try {
            daveSocket = RealtimeUrl.connect(dave.token());
            daveSocket.next("connected");
        } finally {
            execute("ALTER TABLE realtime_connections_away RENAME TO realtime_connections");
        }
        try (daveSocket) {
            Awaitility.await().atMost(Duration.ofSeconds(15)).until(() -> count(
                    "SELECT count(*) FROM realtime_connections WHERE user_id = '" + dave.id() + "'") == 1);
        }
    }

    /** Reads a slot's inbox partition from its end, as that slot's instance would. */
    private KafkaConsumer<byte[], byte[]> inboxOf(int slot) {
        var props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        var consumer = new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
        var partition = new TopicPartition(Inbox.TOPIC, slot);
        consumer.assign(List.of(partition));
        consumer.seekToEnd(List.of(partition));
        consumer.position(partition);
        return consumer;
    }

    /** The frames of up to {@code count} inbox records, read for at most {@code within}. */
    private List<String> contents(KafkaConsumer<byte[], byte[]> inbox, int count, Duration within) throws Exception {
        var frames = new ArrayList<String>();
        long deadline = System.nanoTime() + within.toNanos();
        while (frames.size() < count && System.nanoTime() < deadline) {
            for (var record : inbox.poll(Duration.ofMillis(200))) {
                frames.add(codec.decode(record.value()).frame());
            }
        }
        return frames;
    }

    private long count(String sql) throws Exception {
        return new Sql(db).count(sql);
    }

    private void execute(String sql) throws Exception {
        new Sql(db).execute(sql);
    }
}
