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
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.realtime.cluster.Inbox;

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

    private final ObjectMapper json = new ObjectMapper();

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
                JsonNode inboxRecord = json.readTree(record.value());
                frames.add(inboxRecord.path("frame").asText());
            }
        }
        return frames;
    }

    private void execute(String sql) throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
