package io.switchboard.chat.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import io.switchboard.contracts.chat.MessageView;
import io.switchboard.platform.http.ApiException;

/** The bounds of the send queue, without a database: refusal, withdrawal, and an unknown outcome. */
class SendQueueTest {

    private static final Duration WAIT = Duration.ofMillis(200);

    @Test
    void aFullQueueRefusesASendAtOnce() throws Exception {
        var queue = new SendQueue(1, Duration.ofSeconds(30));
        var waiting = CompletableFuture.runAsync(() -> queue.submit(send("c-1")));
        await().atMost(Duration.ofSeconds(5)).until(() -> queue.size() == 1);
        long start = System.nanoTime();
        assertThatThrownBy(() -> queue.submit(send("c-2")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("overloaded");
                    assertThat(e.retryAfter()).isPresent();
                });
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
        queue.drain().forEach(s -> s.result().complete(new Sent(view(), true)));
        waiting.get(5, TimeUnit.SECONDS);
    }

    @Test
    void aSendNoBatchTookInTimeIsWithdrawnAndNothingIsStored() {
        var queue = new SendQueue(10, WAIT);
        assertThatThrownBy(() -> queue.submit(send("c-1")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("overloaded");
                });
        assertThat(queue.drain()).isEmpty(); // no batch will ever store it
    }

    @Test
    void aSendWhoseBatchIsUnderWayWhenTheWaitEndsHasAnUnknownOutcome() throws Exception {
        var queue = new SendQueue(10, WAIT);
        var taken = new ArrayList<PendingSend>();
        var batcher = CompletableFuture.runAsync(() -> {
            try {
                queue.take(taken, 10, Duration.ofSeconds(5)); // and then the database hangs
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        assertThatThrownBy(() -> queue.submit(send("c-1")))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.code()).isEqualTo("send_outcome_unknown");
                    assertThat(e.getMessage()).contains("same client_message_id");
                    assertThat(e.retryAfter()).isPresent();
                });
        batcher.get(5, TimeUnit.SECONDS);
        assertThat(taken).hasSize(1);
    }

    @Test
    void aSendStoredInTimeAnswersItsMessage() {
        var queue = new SendQueue(10, Duration.ofSeconds(5));
        var stored = new Sent(view(), true);
        CompletableFuture.runAsync(() -> {
            var batch = new ArrayList<PendingSend>();
            try {
                queue.take(batch, 10, Duration.ofSeconds(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            batch.forEach(s -> s.result().complete(stored));
        });
        assertThat(queue.submit(send("c-1"))).isEqualTo(stored);
    }

    private static PendingSend send(String clientId) {
        return new PendingSend(UUID.randomUUID(), UUID.randomUUID(), "hi", "text", clientId);
    }

    private static MessageView view() {
        return new MessageView(UUID.randomUUID(), UUID.randomUUID(), 1, UUID.randomUUID(), "hi", "text",
                Instant.now(), null, false);
    }
}
