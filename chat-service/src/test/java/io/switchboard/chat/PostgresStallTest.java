package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import jakarta.inject.Inject;

import io.agroal.api.AgroalDataSource;
import io.restassured.response.Response;
import io.quarkus.test.junit.QuarkusTest;
import io.switchboard.devstack.SharedDevStack;

/**
 * A database that stops answering (queries hang, connections stay open) costs a sender at most
 * chat.send.timeout (10 s), never a request hanging for the length of the stall; and what the
 * sender was told leaves nothing lost and nothing stored twice once the database is back.
 */
@QuarkusTest
class PostgresStallTest {

    /** chat.send.timeout, with room for a slow machine. */
    private static final Duration ANSWERED_WITHIN = Duration.ofSeconds(20);

    @Inject
    AgroalDataSource dataSource;

    @Test
    void sendsDuringAStallAnswer503InTimeAndTheirRetriesStoreEachMessageOnce() throws Exception {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        openIdleConnections(4);
        var inFlight = Map.of("content", "in its batch when it stalled", "client_message_id", "c-" + UUID.randomUUID());
        var queued = Map.of("content", "queued behind that batch", "client_message_id", "c-" + UUID.randomUUID());
        var postgres = SharedDevStack.get();
        Response first;
        Response second;
        postgres.stallPostgres();
        try (var clients = Executors.newFixedThreadPool(2)) {
            var firstAnswer = clients.submit(() -> send(ann, chat, inFlight));
            Thread.sleep(500); // the batcher takes the first send into a batch, which hangs
            var secondAnswer = clients.submit(() -> send(ann, chat, queued));
            first = firstAnswer.get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
            second = secondAnswer.get(ANSWERED_WITHIN.toSeconds(), TimeUnit.SECONDS);
        } finally {
            postgres.resumePostgres();
        }
        assertThat(first.statusCode()).isEqualTo(503);
        assertThat(first.jsonPath().getString("code")).isEqualTo("send_outcome_unknown");
        assertThat(first.header("Retry-After")).isNotNull();
        assertThat(first.contentType()).startsWith("application/problem+json");
        assertThat(second.statusCode()).isEqualTo(503);
        assertThat(second.jsonPath().getString("code")).isEqualTo("overloaded");

        // the batch under way commits once the database is back; the withdrawn send stored nothing
        await().atMost(Duration.ofSeconds(30)).until(() -> ann.history(chat).size() == 1);
        assertThat(ann.history(chat)).extracting(m -> m.get("content")).containsExactly(inFlight.get("content"));

        var storedId = ann.history(chat).getFirst().get("id");
        ann.request().body(inFlight).post("/api/chats/" + chat + "/messages").then().statusCode(200)
                .body("id", org.hamcrest.Matchers.equalTo(storedId));
        ann.request().body(queued).post("/api/chats/" + chat + "/messages").then().statusCode(201);
        assertThat(ann.history(chat)).extracting(m -> m.get("content"))
                .containsExactly(inFlight.get("content"), queued.get("content"));
    }

    /**
     * Leaves this many open connections idle in the pool. With only one, a background job (the
     * outbox relay) may take it into the stall first, and the batcher would wait for a new
     * connection instead: its send then fails early with 503 database_unavailable, nothing
     * stored, and the path this test is about (a batch hanging mid-transaction) is not taken.
     */
    private void openIdleConnections(int count) throws SQLException {
        var held = new ArrayList<Connection>();
        try {
            for (int i = 0; i < count; i++) {
                held.add(dataSource.getConnection());
            }
        } finally {
            for (Connection connection : held) {
                connection.close();
            }
        }
    }

    private static Response send(TestUser user, String chat, Map<String, String> body) {
        return user.request().body(body).post("/api/chats/" + chat + "/messages");
    }
}
