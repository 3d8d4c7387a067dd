package io.switchboard.chat.message;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.jboss.logging.Logger;

import io.switchboard.chat.ChatErrors;
import io.switchboard.platform.concurrent.Batches;
import io.switchboard.platform.http.ApiException;

/**
 * The sends waiting for the batcher, and how long their senders wait. Both are bounded, so a
 * database that stops answering costs each sender at most the wait and the instance at most the
 * queue, instead of request threads and memory piling up for as long as the stall lasts:
 * <ul>
 * <li>a send that finds the queue full is refused at once (503 {@code overloaded});
 * <li>one still queued when its wait runs out is withdrawn: nothing was stored (503
 *     {@code overloaded});
 * <li>one whose batch is under way when its wait runs out answers 503
 *     {@code send_outcome_unknown}: the batch may still commit. A retry with the same
 *     client_message_id then answers the stored message (the batcher looks client ids up under
 *     the chat's lock), so a send whose outcome the client did not learn is never stored twice.
 * </ul>
 */
final class SendQueue {

    private static final Logger LOG = Logger.getLogger(SendQueue.class);
    /** A hint: when the database answers, a full queue drains in well under a second. */
    static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final BlockingQueue<PendingSend> queue;
    private final int capacity;
    private final Duration wait;

    SendQueue(int capacity, Duration wait) {
        this.queue = new LinkedBlockingQueue<>(capacity);
        this.capacity = capacity;
        this.wait = wait;
    }

    /** Queues the send and waits for its outcome, at most the configured wait. */
    Sent submit(PendingSend send) {
        if (!queue.offer(send)) {
            LOG.warnf("refused a send to chat %s: the queue of sends waiting to be stored is full (%d)",
                    send.chatId(), capacity);
            throw new ApiException(503, ChatErrors.OVERLOADED,
                    "Too many messages are waiting to be stored; this one was not stored. Send it again shortly.",
                    RETRY_AFTER);
        }
        try {
            return send.result().get(wait.toNanos(), TimeUnit.NANOSECONDS);
        } catch (ExecutionException e) {
            throw failure(e.getCause());
        } catch (TimeoutException e) {
            return gaveUp(send);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return gaveUp(send);
        }
    }

    /** For the batcher: the next batch, as {@link Batches#take} describes. */
    boolean take(List<PendingSend> batch, int max, Duration poll) throws InterruptedException {
        return Batches.take(queue, batch, max, poll);
    }

    /** Sends queued, not yet taken into a batch. */
    int size() {
        return queue.size();
    }

    /** Removes and returns every send still queued. */
    List<PendingSend> drain() {
        var left = new ArrayList<PendingSend>();
        queue.drainTo(left);
        return left;
    }

    private Sent gaveUp(PendingSend send) {
        // remove() and the batcher's take() exclude each other: a send is withdrawn or batched, never both
        if (queue.remove(send)) {
            LOG.warnf("withdrew a send to chat %s: not taken into a batch within %s; nothing was stored",
                    send.chatId(), wait);
            throw new ApiException(503, ChatErrors.OVERLOADED,
                    "The message could not be stored in time; it was not stored. Send it again shortly.", RETRY_AFTER);
        }
        if (send.result().isDone()) { // its batch finished just now
            try {
                return send.result().join();
            } catch (CompletionException e) {
                throw failure(e.getCause());
            }
        }
        LOG.warnf("stopped waiting for a send to chat %s (client_message_id %s) after %s: its batch is still "
                + "being stored", send.chatId(), send.clientId(), wait);
        throw new ApiException(503, ChatErrors.SEND_OUTCOME_UNKNOWN, send.clientId() != null
                ? "The message was not confirmed in time and may or may not be stored. Sending it again with the "
                  + "same client_message_id is safe: a repeat answers the stored message and is never stored twice."
                : "The message was not confirmed in time and may or may not be stored. Look at the chat's history "
                  + "before sending it again (with a client_message_id a repeat is never stored twice).",
                RETRY_AFTER);
    }

    private static RuntimeException failure(Throwable cause) {
        return cause instanceof RuntimeException e ? e : new IllegalStateException(cause);
    }
}
