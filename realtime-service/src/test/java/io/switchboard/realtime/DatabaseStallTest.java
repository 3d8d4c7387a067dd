package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.switchboard.devstack.SharedDevStack;
import io.switchboard.devstack.TestSocket;

/**
 * PostgreSQL stalls (every process of it stopped, connections open, queries hanging) for longer
 * than twice the instance timeout, then goes on. Instances here heartbeat every second and count
 * one silent for 2 s as dead, so the stall is short.
 */
@QuarkusTest
@TestProfile(DatabaseStallTest.QuickCluster.class)
class DatabaseStallTest extends DevStackResources {

    public static class QuickCluster implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("realtime.cluster.heartbeat-interval", "1S",
                    "realtime.cluster.instance-timeout", "2S",
                    "realtime.typing.timeout", "1S");
        }
    }

    private static final int OTHER_SLOT = 6;
    private static final Duration STALL = Duration.ofSeconds(7);

    @Inject
    StubChats chats;

    @Inject
    AgroalDataSource db;

    /**
     * Every heartbeat is old when PostgreSQL comes back: the first instance back must not take the
     * others for dead (deleting their rows would leave their users unreachable, and they would
     * close every socket to rejoin). The other instance here heartbeats again half a second after
     * the stall, as a live one would.
     */
    @Test
    void afterAStallEveryInstanceKeepsItsPlaceAndNoSocketFreezes() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        var carol = People.create("carol");
        var otherInstance = UUID.randomUUID();
        execute("INSERT INTO realtime_instances (slot, instance_id, started_at, heartbeat_at) VALUES ("
                + OTHER_SLOT + ", '" + otherInstance + "', now(), now())");
        execute("INSERT INTO realtime_connections (user_id, slot, instance_id, sockets, away) VALUES ('"
                + carol.id() + "', " + OTHER_SLOT + ", '" + otherInstance + "', 1, 0)");
        var others = new ArrayList<TestSocket>();
        var heartbeating = new AtomicBoolean(true);
        var otherHeartbeat = heartbeatOtherInstance(heartbeating);
        try (var aliceSocket = alice.connect(); var bobSocket = bob.connect()) {
            for (int i = 0; i < 8; i++) { // enough to share an event loop with whatever runs on one
                others.add(People.create("watcher" + i).connect());
            }
            var chat = chats.group(alice.id(), bob.id());
            bobSocket.next("chat_created");
            aliceSocket.send("type", "typing", "chat_id", chat.toString(), "is_typing", true);
            bobSocket.next("typing");

            heartbeating.set(false);
            otherHeartbeat.join();
            SharedDevStack.get().stallPostgres();
            try {
                // Meanwhile the typing indicator expires (its relay asks the directory) and every
                // socket must still answer: nothing waits for PostgreSQL on an event loop.
                long until = System.nanoTime() + STALL.toNanos();
                while (System.nanoTime() < until) {
                    for (var socket : others) {
                        socket.send("{\"type\":\"ping\"}");
                    }
                    for (var socket : others) {
                        socket.next(event -> event.path("type").asText().equals("pong"), "pong during the stall",
                                Duration.ofSeconds(3));
                    }
                    Thread.sleep(300); // a ping round every 300 ms for the whole stall: the stall's length is the point
                }
            } finally {
                SharedDevStack.get().resumePostgres();
            }
            Thread.sleep(500); // a live instance heartbeats again within its interval, not at once
            heartbeating.set(true);
            otherHeartbeat = heartbeatOtherInstance(heartbeating);
            Thread.sleep(6_000); // three times the instance timeout: long enough to clear a dead instance
            assertThat(count("SELECT count(*) FROM realtime_connections WHERE user_id = '" + carol.id() + "'"))
                    .as("the other instance's users are still where they are").isEqualTo(1);
            assertThat(count("SELECT count(*) FROM realtime_instances WHERE slot = " + OTHER_SLOT))
                    .as("the other instance keeps its slot").isEqualTo(1);
        } finally {
            heartbeating.set(false);
            otherHeartbeat.join();
            others.forEach(TestSocket::close);
            execute("DELETE FROM realtime_connections WHERE slot = " + OTHER_SLOT);
            execute("DELETE FROM realtime_instances WHERE slot = " + OTHER_SLOT);
        }
    }

    /** The other instance heartbeats every 300 ms, as a live one would, while {@code heartbeating}. */
    private Thread heartbeatOtherInstance(AtomicBoolean heartbeating) {
        return Thread.ofVirtual().start(() -> {
            while (heartbeating.get()) {
                try {
                    execute("UPDATE realtime_instances SET heartbeat_at = now() WHERE slot = " + OTHER_SLOT);
                    Thread.sleep(300); // the other instance's heartbeat interval
                } catch (Exception e) {
                    return;
                }
            }
        });
    }

    private long count(String sql) throws Exception {
        return new Sql(db).count(sql);
    }

    private void execute(String sql) throws Exception {
        new Sql(db).execute(sql);
    }
}
