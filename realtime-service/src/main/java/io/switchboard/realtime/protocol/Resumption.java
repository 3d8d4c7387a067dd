package io.switchboard.realtime.protocol;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import jakarta.enterprise.context.ApplicationScoped;

import io.switchboard.contracts.realtime.CloseCodes;
import io.switchboard.contracts.realtime.ProtocolErrors;
import io.switchboard.contracts.realtime.ProtocolException;
import io.switchboard.contracts.realtime.ServerEvent;
import io.switchboard.realtime.chats.ChatServiceCalls;
import io.switchboard.realtime.config.RealtimeConfig;
import io.switchboard.realtime.socket.ClientSession;
import io.switchboard.realtime.socket.DeliveryMetrics;
import io.switchboard.realtime.socket.EventFrames;
import io.switchboard.realtime.socket.Outbound;

/**
 * {@code resume}: replays, chat by chat and in order, every event after what the client last
 * saw, from chat-service's event log, at the pace the client reads. Live events of a chat being
 * replayed wait behind the replay and are written after it, skipping those the replay already
 * carried.
 */
@ApplicationScoped
class Resumption {

    private static final long FIRST_RETRY_MILLIS = 200;
    private static final long LONGEST_RETRY_MILLIS = 3_000;

    private final ChatServiceCalls chats;
    private final EventFrames frames;
    private final Replies replies;
    private final DeliveryMetrics metrics;
    private final int pageSize;
    private final Duration stallTimeout;
    private final Duration retryFor;

    Resumption(ChatServiceCalls chats, EventFrames frames, Replies replies, DeliveryMetrics metrics, RealtimeConfig config) {
        this.chats = chats;
        this.frames = frames;
        this.replies = replies;
        this.metrics = metrics;
        this.pageSize = config.events().resumePageSize();
        this.stallTimeout = config.liveness().timeout();
        this.retryFor = config.events().resumeRetryFor();
    }

    /** The socket closed, or was closed for taking nothing: the replay stops. */
    private static final class SocketGone extends RuntimeException {
        SocketGone() {
            super(null, null, false, false);
        }
    }

    /**
     * At the client's pace: a replay longer than the socket's outbound limits waits for the client
     * to read instead of closing it as a slow consumer. A client that reads nothing for the
     * liveness timeout is closed as one (it reconnects and resumes from what it got).
     */
    private void awaitRoom(ClientSession session) {
        boolean room;
        try {
            room = session.awaitRoom(stallTimeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // shutting down: the socket closes with the instance
            throw new SocketGone();
        }
        if (!room) {
            metrics.closed("slow_consumer");
            session.close(CloseCodes.SLOW_CONSUMER, "slow consumer: reconnect and resume");
            throw new SocketGone();
        }
    }

    void resume(ClientSession session, Map<UUID, Long> lastSeen) {
        session.replaying(true);
        try {
            replayAll(session, lastSeen);
        } catch (SocketGone gone) {
            // nothing more to write to it
        } finally {
            session.replaying(false);
        }
    }

    private void replayAll(ClientSession session, Map<UUID, Long> lastSeen) {
        var resumed = new LinkedHashMap<UUID, Long>();
        lastSeen.forEach((chatId, lastSeq) -> {
            session.beginResume(chatId);
            long delivered = Math.max(0, lastSeq == null ? 0 : lastSeq);
            try {
                delivered = replay(session, chatId, delivered);
                long last;
                while ((last = session.endResume(chatId, delivered)) < 0) {
                    delivered = replay(session, chatId, delivered); // live events outgrew the hold: from the log
                }
                resumed.put(chatId, last);
            } catch (ChatServiceCalls.ResyncRequired e) {
                replies.send(session, new ServerEvent.ResyncRequired(chatId, Instant.now()));
                session.abandonResume(chatId, 0);
            } catch (ProtocolException e) {
                session.abandonResume(chatId, delivered);
                replies.error(session, e.code(), e.getMessage(), "resume", chatId, null);
            }
        });
        replies.send(session, new ServerEvent.Resumed(resumed, Instant.now()));
    }

    /**
     * A page of the log, asked again while chat-service is unavailable (a reconnect storm can keep
     * it busy for seconds), with growing, jittered pauses, for up to {@code resume-retry-for}. The
     * chat's live events stay held meanwhile: a replay that gave up at once would let them through
     * ahead of the events it had not written, and the client's next {@code resume} would then
     * write those late, out of order, and repeat the rest.
     */
    private ChatServiceCalls.EventPage pageAfter(ClientSession session, UUID chatId, long after) {
        long giveUpAt = System.nanoTime() + retryFor.toNanos();
        long pauseMillis = FIRST_RETRY_MILLIS;
        while (true) {
            try {
                return chats.eventsAfter(session.token(), chatId, after, pageSize);
            } catch (ProtocolException e) {
                if (!ProtocolErrors.UPSTREAM_UNAVAILABLE.equals(e.code()) || System.nanoTime() >= giveUpAt) {
                    throw e;
                }
            }
            metrics.resumeRetried();
            try {
                // The backoff, on this socket's own virtual thread (its messages wait behind the
                // replay anyway); jittered so that a storm's replays do not ask again together.
                Thread.sleep(pauseMillis / 2 + ThreadLocalRandom.current().nextLong(pauseMillis / 2 + 1));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // shutting down: the socket closes with the instance
                throw new SocketGone();
            }
            if (session.isClosing()) {
                throw new SocketGone();
            }
            pauseMillis = Math.min(pauseMillis * 2, LONGEST_RETRY_MILLIS);
        }
    }

    private long replay(ClientSession session, UUID chatId, long after) {
        long delivered = after;
        while (true) {
            var page = pageAfter(session, chatId, delivered);
            for (var event : page.events()) {
                awaitRoom(session);
                if (session.send(frames.frame(frames.toServerEvent(event), false, null)) == Outbound.Result.CLOSED) {
                    throw new SocketGone(); // no latency sample above: the event is old
                }
                session.replayed(chatId, event.seq());
                delivered = event.seq();
            }
            if (page.events().isEmpty() || delivered >= page.lastSeq()) {
                return delivered;
            }
        }
    }
}
