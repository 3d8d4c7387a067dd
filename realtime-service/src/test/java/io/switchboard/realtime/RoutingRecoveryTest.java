package io.switchboard.realtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import jakarta.inject.Inject;

import org.junit.jupiter.api.Test;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;

/**
 * A batch the router cannot route (here: the directory cannot be read) is not acknowledged to
 * Kafka: once the directory is back, the events arrive, in order, instead of being lost.
 */
@QuarkusTest
class RoutingRecoveryTest extends DevStackResources {

    @Inject
    StubChats chats;

    @Inject
    AgroalDataSource db;

    @Test
    void eventsThatFailedToRouteArriveOnceTheDirectoryIsBack() throws Exception {
        var alice = People.create("alice");
        var bob = People.create("bob");
        try (var bobSocket = bob.connect()) {
            var chat = chats.group(alice.id(), bob.id());
            bobSocket.next("chat_created");
            chats.send(chat, alice.id(), "before");
            assertThat(bobSocket.next("new_message").path("message").path("content").asText()).isEqualTo("before");

            execute("ALTER TABLE realtime_connections RENAME TO realtime_connections_away");
            try {
                chats.send(chat, alice.id(), "during one");
                chats.send(chat, alice.id(), "during two");
                bobSocket.expectNone("new_message", Duration.ofSeconds(2));
            } finally {
                execute("ALTER TABLE realtime_connections_away RENAME TO realtime_connections");
            }

            var first = bobSocket.next(e -> e.path("type").asText().equals("new_message"), "new_message", Duration.ofSeconds(30));
            var second = bobSocket.next(e -> e.path("type").asText().equals("new_message"), "new_message", Duration.ofSeconds(30));
            assertThat(first.path("message").path("content").asText()).isEqualTo("during one");
            assertThat(second.path("message").path("content").asText()).isEqualTo("during two");
        }
    }

    private void execute(String sql) throws Exception {
        try (var connection = db.getConnection(); var statement = connection.createStatement()) {
            statement.execute(sql);
        }
    }
}
