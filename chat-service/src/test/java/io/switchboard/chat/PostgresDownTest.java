package io.switchboard.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import io.switchboard.devstack.SharedDevStack;

/**
 * A database that is down (stopped or restarting, connections refused) is the client's to wait
 * out, not a bug: 503 {@code database_unavailable} with Retry-After, never a 500; once it is back,
 * a retried send stores its message once.
 */
@QuarkusTest
class PostgresDownTest {

    @Test
    void requestsWhileTheDatabaseIsDownAnswer503AndARetryAfterwardsStoresOnce() {
        var ann = TestUser.create();
        var chat = ann.directChatWith(TestUser.create());
        var send = Map.of("content", "while it restarts", "client_message_id", "c-" + UUID.randomUUID());
        var postgres = SharedDevStack.get();
        Response list;
        postgres.stopPostgres();
        try {
            list = ann.request().get("/api/chats");
        } finally {
            postgres.startPostgres();
        }
        assertThat(list.statusCode()).isEqualTo(503);
        assertThat(list.contentType()).startsWith("application/problem+json");
        assertThat(list.jsonPath().getString("code")).isEqualTo("database_unavailable");
        assertThat(list.header("Retry-After")).isEqualTo("1");

        await().atMost(Duration.ofSeconds(30)).until(() -> ann.request().body(send).contentType("application/json")
                .post("/api/chats/" + chat + "/messages").statusCode() == 201);
        assertThat(ann.request().body(send).contentType("application/json")
                .post("/api/chats/" + chat + "/messages").statusCode()).as("the retry returns the original").isEqualTo(200);
        assertThat(ann.history(chat)).hasSize(1);
    }
}
