package io.switchboard.platform.concurrent;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

class BatchesTest {

    @Test
    void takesWhatIsQueuedUpToTheMaximumAndLeavesTheRestInOrder() throws Exception {
        var queue = new LinkedBlockingQueue<>(List.of(1, 2, 3, 4, 5));
        var batch = new ArrayList<Integer>();

        assertThat(Batches.take(queue, batch, 3, Duration.ofMillis(10))).isTrue();

        assertThat(batch).containsExactly(1, 2, 3);
        assertThat(queue).containsExactly(4, 5);
    }

    @Test
    void waitsForAFirstElementThatArrivesLater() throws Exception {
        var queue = new LinkedBlockingQueue<Integer>();
        var batch = new ArrayList<Integer>();
        var took = new CompletableFuture<Boolean>();
        var taker = Thread.ofVirtual().start(() -> {
            try {
                took.complete(Batches.take(queue, batch, 10, Duration.ofSeconds(5)));
            } catch (InterruptedException e) {
                took.completeExceptionally(e);
            }
        });
        Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> taker.getState() == Thread.State.TIMED_WAITING);

        queue.add(7);

        assertThat(took.get(5, TimeUnit.SECONDS)).isTrue();
        assertThat(batch).containsExactly(7);
    }

    @Test
    void saysSoWhenNothingCameInTime() throws Exception {
        var batch = new ArrayList<Integer>();

        assertThat(Batches.take(new LinkedBlockingQueue<Integer>(), batch, 10, Duration.ofMillis(20))).isFalse();

        assertThat(batch).isEmpty();
    }
}
